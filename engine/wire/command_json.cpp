#include "engine/wire/command_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using nlohmann::json;
namespace cmd = engine::command;

// Thrown and caught only inside this file: turns deep field checks into one error value.
struct Invalid {
  FieldError error;
};

[[noreturn]] void invalid(std::string field, std::string message) {
  throw Invalid{{std::move(field), std::move(message)}};
}

class Fields {
 public:
  explicit Fields(const json& object) : object_(object) {}

  const json* find(const char* name) {
    used_.insert(name);
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string text(const char* name) {
    auto v = optional_text(name);
    if (!v) invalid(name, "is required");
    return *v;
  }

  std::optional<std::string> optional_text(const char* name) {
    const json* v = find(name);
    if (!v) return std::nullopt;
    if (!v->is_string()) invalid(name, fmt::format("must be a string, not {}", v->type_name()));
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxStringBytes) {
      invalid(name, fmt::format("is {} bytes; at most {} are accepted", s.size(), kMaxStringBytes));
    }
    return s;
  }

  engine::Role role(const char* name) {
    const std::string value = text(name);
    auto r = engine::parse_role(value);
    if (!r) invalid(name, fmt::format("'{}' is not a role", value));
    return *r;
  }

  std::int64_t centi_m2(const char* name) {
    const json* v = find(name);
    if (!v) invalid(name, "is required");
    if (!v->is_number()) invalid(name, "must be a number of square metres");
    const double m2 = v->get<double>();
    const double centi = m2 * 100.0;
    if (!std::isfinite(centi) || std::abs(centi - std::round(centi)) > 1e-6 || centi < 0 ||
        centi > 1e12) {
      invalid(name, "must be a non-negative area with at most two decimals");
    }
    return static_cast<std::int64_t>(std::llround(centi));
  }

  engine::RoleSet roles(const char* name) {
    const json* v = find(name);
    if (!v) return engine::RoleSet{engine::Role::resident};
    if (!v->is_array() || v->empty()) invalid(name, "must be a non-empty array of role names");
    engine::RoleSet set;
    for (const json& item : *v) {
      if (!item.is_string()) invalid(name, "must hold role names (strings)");
      auto r = engine::parse_role(item.get_ref<const std::string&>());
      if (!r) invalid(name, fmt::format("'{}' is not a role", item.get<std::string>()));
      set.insert(*r);
    }
    return set;
  }

  void reject_unknown() const {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key)) invalid(key, "is not a field of this command");
    }
  }

 private:
  const json& object_;
  std::set<std::string> used_;
};

engine::Command read_command(const std::string& name, Fields& f) {
  if (name == cmd::FoundCommunity::name) return cmd::FoundCommunity{f.text("community"), {}};
  if (name == cmd::RegisterHousehold::name) {
    return cmd::RegisterHousehold{f.text("household"), f.centi_m2("area_m2")};
  }
  if (name == cmd::RegisterMember::name) {
    return cmd::RegisterMember{f.text("member"), f.optional_text("household").value_or(""),
                               f.roles("roles")};
  }
  if (name == cmd::GrantRole::name) return cmd::GrantRole{f.text("member"), f.role("granted")};
  if (name == cmd::RevokeRole::name) return cmd::RevokeRole{f.text("member"), f.role("revoked")};
  if (name == cmd::DraftProposal::name) {
    cmd::DraftProposal c{f.text("proposal"), engine::ProposalKind::project, f.text("title"),
                         f.optional_text("summary").value_or("")};
    if (auto kind = f.optional_text("kind")) {
      auto k = engine::parse_proposal_kind(*kind);
      if (!k) invalid("kind", fmt::format("'{}' is not project, rule_change or other", *kind));
      c.kind = *k;
    }
    return c;
  }
  if (name == cmd::ReviseProposal::name) {
    return cmd::ReviseProposal{f.text("proposal"), f.text("title"),
                               f.optional_text("summary").value_or("")};
  }
  if (name == cmd::SubmitProposal::name) return cmd::SubmitProposal{f.text("proposal")};
  if (name == cmd::SupportProposal::name) return cmd::SupportProposal{f.text("proposal")};
  if (name == cmd::AcceptProposal::name) {
    return cmd::AcceptProposal{f.text("proposal"), f.text("reason")};
  }
  if (name == cmd::ReturnProposal::name) {
    return cmd::ReturnProposal{f.text("proposal"), f.text("reason")};
  }
  if (name == cmd::ReferProposal::name) {
    return cmd::ReferProposal{f.text("proposal"), f.text("body"), f.text("reason")};
  }
  if (name == cmd::MergeProposal::name) {
    return cmd::MergeProposal{f.text("proposal"), f.text("into"), f.text("reason")};
  }
  if (name == cmd::ScheduleProposal::name) {
    return cmd::ScheduleProposal{f.text("proposal"), f.text("meeting")};
  }
  if (name == cmd::WithdrawProposal::name) {
    return cmd::WithdrawProposal{f.text("proposal"), f.optional_text("reason").value_or("")};
  }
  if (name == cmd::Tick::name) return cmd::Tick{};
  invalid("cmd", fmt::format("unknown command '{}'; known: {}", name, known_commands()));
}

}  // namespace

std::string_view known_commands() {
  return "community.found, household.register, member.register, member.grant_role, "
         "member.revoke_role, proposal.draft, proposal.revise, proposal.submit, "
         "proposal.support, proposal.accept, proposal.return, proposal.refer, proposal.merge, "
         "proposal.schedule, proposal.withdraw, clock.tick";
}

std::expected<ParsedCommand, FieldError> parse_command(const json& object) {
  if (!object.is_object()) {
    return std::unexpected(FieldError{"", "a command must be a JSON object"});
  }
  try {
    Fields f(object);
    ParsedCommand out{engine::command::Tick{},
                      f.text("actor"),
                      std::nullopt,
                      std::nullopt,
                      std::nullopt,
                      std::nullopt};
    if (auto role = f.optional_text("role")) {
      out.role = engine::parse_role(*role);
      if (!out.role) invalid("role", fmt::format("'{}' is not a role", *role));
    }
    if (auto at = f.optional_text("at")) {
      out.at = parse_time(*at);
      if (!out.at) {
        invalid("at", fmt::format("'{}' is not a time like 2026-03-01T09:00:00+08:00", *at));
      }
    }
    const std::string name = f.text("cmd");
    out.command = read_command(name, f);
    if (name == engine::command::RegisterMember::name) {
      out.display_name = f.optional_text("display_name");
      out.contact = f.optional_text("contact");
    }
    f.reject_unknown();
    return out;
  } catch (const Invalid& e) {
    return std::unexpected(e.error);
  }
}

std::expected<ParsedCommand, FieldError> parse_command_text(std::string_view text) {
  if (text.size() > kMaxCommandBytes) {
    return std::unexpected(
        FieldError{"", fmt::format("the command is {} bytes; at most {} are accepted", text.size(),
                                   kMaxCommandBytes)});
  }
  json object;
  try {
    object = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann also refuses invalid UTF-8 here, naming the byte position.
    return std::unexpected(FieldError{"", fmt::format("not valid JSON: {}", e.what())});
  }
  return parse_command(object);
}

}  // namespace yishi::wire
