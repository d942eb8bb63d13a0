// `yishi erase DB --member ID [--by ADMIN]`: the right to be forgotten. Records
// member.erased in the log and, in the same transaction, deletes the member's
// name, contact and remembered replies and revokes their invitations. The
// chain held only the pseudonymous id: `yishi verify` and every dossier still
// check. (An admin can do the same through `yishi exec` or a live session.)
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "engine/wire/event_json.hpp"

namespace yishi::cli {

int run_erase(const EraseOptions& o) {
  auto community = service::Community::open(o.db, {}, {.secret_key_file = o.key});
  if (!community) {
    fmt::print(stderr, "yishi erase: {}\n", community.error().message);
    return exit_code_for(community.error());
  }
  const engine::Timestamp now = wall_clock_now();
  const service::Request request{engine::command::EraseMember{o.member},
                                 engine::Context{o.by, engine::Role::admin, now}, std::nullopt,
                                 false};
  auto outcomes = (*community)->execute(std::span(&request, 1));
  if (!outcomes) {
    fmt::print(stderr, "yishi erase: storage error, nothing erased: {}\n",
               outcomes.error().message);
    return kExitStorage;
  }
  const auto& outcome = outcomes->front();
  if (!outcome) {
    fmt::print(stderr, "yishi erase: refused ({}): {}\n", outcome.error().code,
               outcome.error().reason);
    return kExitFailed;
  }
  if (auto c = (*community)->checkpoint(wall_clock_now()); !c) {
    fmt::print(stderr, "yishi erase: erased, but no checkpoint was signed: {}\n",
               c.error().message);
  }
  // Deleted rows were overwritten (secure_delete); older page images can stay in
  // the write-ahead log until it is checkpointed: do that now.
  bool wal_emptied = false;
  if (auto* sqlite = dynamic_cast<store::EventStore*>(&(*community)->store())) {
    auto truncated = sqlite->truncate_wal();
    wal_emptied = truncated && *truncated;
  }
  if (!wal_emptied) {
    fmt::print(stderr,
               "yishi erase: another process has the database open; earlier copies of the "
               "member's details leave its write-ahead log at that process's next checkpoint\n");
  }
  const nlohmann::ordered_json report = {
      {"erased", o.member},
      {"seq", outcome->empty() ? 0 : outcome->front().seq},
      {"removed", {"display_name", "contact", "remembered replies"}},
      {"revoked", "every invitation of the member"},
      {"write_ahead_log_emptied", wal_emptied}};
  std::cout << wire::dump(report) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
