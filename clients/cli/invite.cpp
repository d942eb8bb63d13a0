// `yishi invite` and `yishi revoke`: the credentials a member's phone signs in with.
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/invites.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"
#include "qr_code.hpp"

namespace yishi::cli {
namespace {

// "30d", "12h", "90m": at most a year.
std::optional<engine::Milliseconds> parse_period(const std::string& text) {
  if (text.size() < 2 || text.size() > 5) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc{} || end != text.data() + text.size() - 1 || n <= 0) return std::nullopt;
  engine::Milliseconds unit = 0;
  switch (text.back()) {
    case 'd':
      unit = engine::kDay;
      break;
    case 'h':
      unit = engine::kHour;
      break;
    case 'm':
      unit = engine::kMinute;
      break;
    default:
      return std::nullopt;
  }
  if (n * unit > 366 * engine::kDay) return std::nullopt;
  return n * unit;
}

nlohmann::ordered_json invite_json(const store::Invite& i) {
  nlohmann::ordered_json out = {{"token_id", i.token_id},
                                {"member", i.member},
                                {"roles", wire::roles_json(i.roles)},
                                {"created_at", wire::format_time(i.created_at)},
                                {"expires_at", wire::format_time(i.expires_at)}};
  if (i.revoked_at) out["revoked_at"] = wire::format_time(*i.revoked_at);
  if (!i.view.empty()) {
    out["view"] = i.view;
    if (!i.meeting.empty()) out["meeting"] = i.meeting;
  }
  return out;
}

}  // namespace

int run_invite(const InviteOptions& o) {
  const auto period = parse_period(o.expires_in);
  if (!period) {
    fmt::print(stderr,
               "yishi invite: --expires-in is a period like 30d, 12h or 90m (at most a "
               "year), not \"{}\"\n",
               o.expires_in);
    return kExitBadInput;
  }
  // The member and their roles as the log has them now.
  auto opened = store::EventStore::open(o.db);
  if (!opened) {
    fmt::print(stderr, "yishi invite: {}\n", opened.error().message);
    return kExitStorage;
  }
  // A member's invitation: the member and the roles it may act in; a view's: neither.
  engine::RoleSet roles;
  if (!o.view.empty()) {
    if (!o.meeting.empty() && !opened->state.meeting(o.meeting)) {
      fmt::print(stderr, "yishi invite: {} has no meeting {}\n", opened->state.community,
                 o.meeting);
      return kExitBadInput;
    }
  } else {
    if (o.member.empty()) {
      fmt::print(stderr, "yishi invite: name the member (--member ID) or a view (--view)\n");
      return kExitBadInput;
    }
    const engine::Member* member = opened->state.member(o.member);
    if (!member) {
      fmt::print(stderr, "yishi invite: {} is not a member of {}\n", o.member,
                 opened->state.community);
      return kExitBadInput;
    }
    roles = member->roles;
    if (!o.roles.empty()) {
      roles = {};
      for (const std::string& name : o.roles) {
        const auto role = engine::parse_role(name);
        if (!role) {
          fmt::print(stderr, "yishi invite: '{}' is not a role\n", name);
          return kExitBadInput;
        }
        if (!member->roles.contains(*role)) {
          fmt::print(stderr, "yishi invite: {} does not hold the role {}\n", o.member, name);
          return kExitBadInput;
        }
        roles.insert(*role);
      }
    }
  }
  opened->store.reset();
  auto book = store::InviteBook::open(o.db);
  if (!book) {
    fmt::print(stderr, "yishi invite: {}\n", book.error().message);
    return kExitStorage;
  }
  const engine::Timestamp now = wall_clock_now();
  auto issued = o.view.empty() ? (*book)->issue(o.member, roles, now, now + *period)
                               : (*book)->issue_view(o.view, o.meeting, now, now + *period);
  if (!issued) {
    fmt::print(stderr, "yishi invite: {}\n", issued.error().message);
    return kExitStorage;
  }
  // The token rides in the fragment: browsers never send it to a server's logs.
  std::string base = o.base_url;
  if (base.empty() || base.back() != '/') base += '/';
  std::string link = base + "#token=" + issued->token;
  if (!o.view.empty()) {
    link += "&view=" + o.view;
    if (!o.meeting.empty()) link += "&meeting=" + o.meeting;
  }
  nlohmann::ordered_json out = invite_json(issued->invite);
  out["token"] = issued->token;
  out["link"] = link;
  std::cout << wire::dump(out) << '\n' << std::flush;
  if (!o.svg.empty()) {
    auto svg = qr_svg(link);
    std::ofstream file(o.svg);
    if (!svg || !(file << *svg)) {
      fmt::print(stderr, "yishi invite: could not write the QR code to {}\n", o.svg);
      return kExitStorage;
    }
  } else if (!o.quiet) {
    if (auto text = qr_terminal(link)) fmt::print(stderr, "{}", *text);
  }
  return kExitOk;
}

int run_revoke(const std::string& db, const std::string& token_id) {
  auto book = store::InviteBook::open(db);
  if (!book) {
    fmt::print(stderr, "yishi revoke: {}\n", book.error().message);
    return kExitStorage;
  }
  auto revoked = (*book)->revoke(token_id, wall_clock_now());
  if (!revoked) {
    fmt::print(stderr, "yishi revoke: {}\n", revoked.error().message);
    return revoked.error().code == "not_found" ? kExitBadInput : kExitStorage;
  }
  std::cout << wire::dump(invite_json(*revoked)) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
