// yishi: administration, scripting and audit of a Yishi community database.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <map>

#include "commands.hpp"
#include "engine/core/task.hpp"

int main(int argc, char** argv) {
  using namespace yishi::cli;
  using yishi::store::Synchronous;
  CLI::App app{"yishi (议事): deliberative-democracy meeting engine"};
  app.require_subcommand(1);
  const std::map<std::string, Synchronous> sync_levels = {
      {"normal", Synchronous::normal}, {"full", Synchronous::full}, {"extra", Synchronous::extra}};
  int exit_code = kExitOk;

  InitOptions init;
  auto* init_cmd =
      app.add_subcommand("init", "Create a community: database, rulebook, signing key");
  init_cmd->add_option("db", init.db, "Database file to create")->required();
  init_cmd->add_option("--community", init.community, "Community id")->default_val("community");
  init_cmd->add_option("--admin", init.admin, "Member id of the first admin")->default_val("admin");
  init_cmd->add_option("--at", init.at, "Founding time (RFC 3339); default now");
  init_cmd
      ->add_option("--utc-offset", init.utc_offset,
                   "The community's UTC offset, e.g. +08:00; minutes and replays use it")
      ->default_val("+08:00");
  init_cmd->add_option("--support-threshold", init.support_threshold,
                       "Co-signers a proposal needs");
  init_cmd->add_option("--support-window-days", init.support_window_days,
                       "Days a proposal may collect support");
  init_cmd
      ->add_option("--rules", init.rules,
                   "JSON file of rules that differ from the defaults, named as in a "
                   "rule_change proposal, e.g. {\"ballot_changes_allowed\": false}")
      ->check(CLI::ExistingFile);
  init_cmd->add_option("--sync", init.sync, "SQLite synchronous level")
      ->transform(CLI::CheckedTransformer(sync_levels, CLI::ignore_case));
  init_cmd->add_option("--key", init.key,
                       "Write the secret key here (default: the key directory, "
                       "$YISHI_KEY_DIR or $XDG_CONFIG_HOME/yishi/keys or ~/.config/yishi/keys)");
  init_cmd->add_flag("--replay-history", init.replay_history,
                     "Allow an --at beyond the wall clock (to replay a dated history)");
  init_cmd->callback([&] { exit_code = run_init(init); });

  ExecOptions exec;
  auto* exec_cmd = app.add_subcommand("exec", "Apply commands from a JSON-lines script");
  exec_cmd->add_option("db", exec.db, "Database file")->required();
  exec_cmd->add_option("script", exec.script, "Script file, or - for standard input")->required();
  exec_cmd->add_option("--batch", exec.batch, "Commands per transaction (group commit)")
      ->check(CLI::Range(1, 100000));
  exec_cmd->add_flag("--strict", exec.strict, "Exit 1 if the engine refuses any command");
  exec_cmd->add_flag("--replay-history", exec.replay_history,
                     "Apply a dated history: accept `at` times beyond the wall clock "
                     "(otherwise more than 5 minutes ahead is refused)");
  exec_cmd->add_option("--sync", exec.sync, "SQLite synchronous level")
      ->transform(CLI::CheckedTransformer(sync_levels, CLI::ignore_case));
  exec_cmd->add_option("--key", exec.key, "The community's secret key file (default: as at init)");
  exec_cmd->callback([&] { exit_code = run_exec(exec); });

  std::string db;
  std::uint64_t from_seq = 1;
  auto* log_cmd = app.add_subcommand("log", "Print the events as JSON lines");
  log_cmd->add_option("db", db, "Database file")->required();
  log_cmd->add_option("--from", from_seq, "First sequence number");
  log_cmd->callback([&] { exit_code = run_log(db, from_seq); });

  VerifyCliOptions verify;
  auto* verify_cmd = app.add_subcommand(
      "verify", "Recheck the hash chain, Merkle root, signatures and the newest snapshot");
  verify_cmd->add_option("db", verify.db, "Database file")->required();
  verify_cmd->add_option("--public-key", verify.public_key,
                         "Public key file to pin (default: the community's, from the key "
                         "directory)");
  verify_cmd
      ->add_option("--checkpoint", verify.checkpoints,
                   "A checkpoint saved from `yishi checkpoint` (repeatable): the log must "
                   "still match it")
      ->check(CLI::ExistingFile);
  verify_cmd->callback([&] { exit_code = run_verify(verify); });

  std::uint64_t seq = 0;
  std::uint64_t tree_size = 0;
  auto* proof_cmd = app.add_subcommand("proof", "Inclusion proof of one event, as JSON");
  proof_cmd->add_option("db", db, "Database file")->required();
  proof_cmd->add_option("seq", seq, "Sequence number of the event")->required();
  proof_cmd->add_option("--tree-size", tree_size, "Prove against this tree size (default all)");
  proof_cmd->callback([&] { exit_code = run_proof(db, seq, tree_size); });

  std::uint64_t old_size = 0;
  auto* consistency_cmd = app.add_subcommand(
      "consistency", "Proof that an older tree head is a prefix of a newer one, as JSON");
  consistency_cmd->add_option("db", db, "Database file")->required();
  consistency_cmd->add_option("old_size", old_size, "The older tree size")->required();
  consistency_cmd->add_option("new_size", tree_size, "The newer tree size (default all)");
  consistency_cmd->callback([&] { exit_code = run_consistency(db, old_size, tree_size); });

  auto* checkpoint_cmd =
      app.add_subcommand("checkpoint", "Sign and record the current tree head, as JSON");
  std::string key;
  checkpoint_cmd->add_option("db", db, "Database file")->required();
  checkpoint_cmd->add_option("--key", key, "The community's secret key file (default: as at init)");
  checkpoint_cmd->callback([&] { exit_code = run_checkpoint(db, key); });

  ReportOptions report;
  auto* minutes_cmd =
      app.add_subcommand("minutes", "A meeting's minutes (会议纪要), generated from the log");
  minutes_cmd->add_option("db", report.db, "Database file")->required();
  minutes_cmd->add_option("meeting", report.meeting, "Meeting id")->required();
  minutes_cmd->add_option("--format", report.format, "md, html or json")
      ->check(CLI::IsMember({"md", "html", "json"}));
  minutes_cmd->add_option("--lang", report.language, "zh or en")
      ->check(CLI::IsMember({"zh", "en"}));
  minutes_cmd->add_option("--utc-offset", report.utc_offset,
                          "Show times at this offset, e.g. +08:00 (default: the community's)");
  minutes_cmd->add_flag("--ids", report.ids,
                        "Name members by id, not display name (depends on the log alone)");
  minutes_cmd->callback([&] { exit_code = run_minutes(report); });

  auto* replay_cmd = app.add_subcommand("replay", "A meeting's timeline, event by event");
  replay_cmd->add_option("db", report.db, "Database file")->required();
  replay_cmd->add_option("meeting", report.meeting, "Meeting id")->required();
  replay_cmd->add_option("--utc-offset", report.utc_offset,
                         "Show times at this offset, e.g. +08:00 (default: the community's)");
  replay_cmd->add_flag("--ids", report.ids, "Name members by id, not display name");
  replay_cmd->callback([&] { exit_code = run_replay(report); });

  std::string at;
  auto* state_cmd = app.add_subcommand(
      "state",
      "The community (proposals, meetings, ballots, members' roles) at a past point, as "
      "JSON");
  state_cmd->add_option("db", db, "Database file")->required();
  state_cmd->add_option("--at", at,
                        "After event SEQ, or at TIME (RFC 3339, e.g. 2026-04-12T10:00:00+08:00); "
                        "default: now");
  state_cmd->callback([&] { exit_code = run_state(db, at); });

  InviteOptions invite;
  auto* invite_cmd = app.add_subcommand(
      "invite", "An invitation for a member's device to join live sessions: JSON, and a QR code");
  invite_cmd->add_option("db", invite.db, "Database file")->required();
  auto* invite_member = invite_cmd->add_option("--member", invite.member, "The member invited");
  auto* invite_view =
      invite_cmd
          ->add_option("--view", invite.view,
                       "A view-only invitation instead (no member, no role): projector or audit")
          ->check(CLI::IsMember({"projector", "audit"}))
          ->excludes(invite_member);
  invite_member->excludes(invite_view);
  invite_cmd->add_option("--meeting", invite.meeting, "The meeting the view opens on")
      ->needs(invite_view);
  invite_cmd->add_option("--role", invite.roles,
                         "A role the session may act in (repeatable; default: all they hold)");
  invite_cmd->add_option("--expires-in", invite.expires_in, "30d, 12h, 90m (at most a year)")
      ->default_val("30d");
  invite_cmd->add_option("--base-url", invite.base_url, "The server's address, for the link")
      ->default_val("http://127.0.0.1:8080/");
  invite_cmd->add_option("--svg", invite.svg, "Write the QR code as SVG here, not to stderr");
  invite_cmd->add_flag("--quiet", invite.quiet, "No QR code on stderr");
  invite_cmd->callback([&] { exit_code = run_invite(invite); });

  std::string token_id;
  auto* revoke_cmd = app.add_subcommand("revoke", "Revoke an invitation by its token_id");
  revoke_cmd->add_option("db", db, "Database file")->required();
  revoke_cmd->add_option("token_id", token_id, "The token_id `yishi invite` printed")->required();
  revoke_cmd->callback([&] { exit_code = run_revoke(db, token_id); });

  std::string ballot_id, receipt;
  auto* results_cmd = app.add_subcommand(
      "results", "A closed ballot's published count; --receipt checks one ballot was counted");
  results_cmd->add_option("db", db, "Database file")->required();
  results_cmd->add_option("ballot", ballot_id, "Ballot id")->required();
  results_cmd->add_option("--receipt", receipt, "A voter's receipt (hex)");
  results_cmd->callback([&] { exit_code = run_results(db, ballot_id, receipt); });

  auto* backlog_cmd = app.add_subcommand(
      "backlog",
      "Accepted proposals in agenda order: those a poll ranked first (winners, then by rank)");
  backlog_cmd->add_option("db", db, "Database file")->required();
  backlog_cmd->callback([&] { exit_code = run_backlog(db); });

  std::string tasks_at;
  auto* tasks_cmd = app.add_subcommand(
      "tasks",
      "The responsibility list (责任清单): each adopted decision's task, its progress, overdue "
      "milestones and stall, and the indicators per body and funding mechanism");
  tasks_cmd->add_option("db", db, "Database file")->required();
  tasks_cmd->add_option("--at", tasks_at,
                        "The list as it stood at this time: the log up to it, overdue and "
                        "stalled judged then (default now)");
  tasks_cmd->callback([&] { exit_code = run_tasks(db, tasks_at); });

  std::string standards_at, standards_by = "quarter", standards_body, standards_funding;
  auto* standards_cmd = app.add_subcommand(
      "standards",
      "The community's standards (rulebook: indicators with formulas and targets) over time: "
      "each indicator's value and whether it met its target, per month, quarter or year");
  standards_cmd->add_option("db", db, "Database file")->required();
  standards_cmd->add_option("--at", standards_at, "Up to this time (default now)");
  standards_cmd->add_option("--by", standards_by, "month, quarter (default) or year");
  standards_cmd->add_option("--body", standards_body,
                            "Only this responsible body's tasks (the task measures)");
  standards_cmd->add_option(
      "--funding", standards_funding,
      fmt::format("Only tasks funded this way: {}", yishi::engine::kFundingChoices));
  standards_cmd->callback([&] {
    exit_code = run_standards(db, standards_at, standards_by, standards_body, standards_funding);
  });

  DossierCliOptions dossier;
  auto* dossier_cmd = app.add_subcommand(
      "dossier",
      "One decision's dossier as JSON: its events with inclusion proofs, a signed checkpoint, "
      "a signed manifest, minutes and result (clients/verify checks it offline)");
  dossier_cmd->add_option("db", dossier.db, "Database file")->required();
  dossier_cmd->add_option("proposal", dossier.proposal, "The proposal (decision) id")->required();
  dossier_cmd->add_option("--out", dossier.out, "Write to this file (default: standard output)");
  dossier_cmd->add_option("--key", dossier.key,
                          "The community's secret key file, to sign the manifest (default: as "
                          "at init)");
  dossier_cmd->callback([&] { exit_code = run_dossier(dossier); });

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand(
      "export",
      "Open data: a table (proposals, decisions, votes, tasks, indicators) as CSV or JSON, or a "
      "closed poll (--poll) as PrefLib or Pabulib");
  export_cmd->add_option("db", export_options.db, "Database file")->required();
  export_cmd->add_option("table", export_options.table,
                         "proposals, decisions, votes, tasks or indicators");
  export_cmd->add_option("--poll", export_options.poll, "A closed poll's ballot id");
  export_cmd->add_option("--format", export_options.format, "csv or json (tables)")
      ->check(CLI::IsMember({"csv", "json"}));
  export_cmd->add_option("--out", export_options.out, "Write to this file");
  export_cmd->add_option("--at", export_options.at, "The time overdue and stalled are judged at");
  export_cmd->callback([&] {
    if (export_options.table.empty() == export_options.poll.empty()) {
      fmt::print(stderr, "yishi export: name a table or --poll BALLOT (one of the two)\n");
      exit_code = kExitBadInput;
      return;
    }
    exit_code = run_export(export_options);
  });

  EraseOptions erase;
  auto* erase_cmd = app.add_subcommand(
      "erase",
      "Erase a member's personal details (name, contact, replies; invitations revoked) and record "
      "it; the pseudonymous log still verifies");
  erase_cmd->add_option("db", erase.db, "Database file")->required();
  erase_cmd->add_option("--member", erase.member, "The member to forget")->required();
  erase_cmd->add_option("--by", erase.by, "The admin recording the erasure (default admin)");
  erase_cmd->add_option("--key", erase.key,
                        "The community's secret key file (default: as at init)");
  erase_cmd->callback([&] { exit_code = run_erase(erase); });

  TallyOptions tally;
  auto* tally_cmd = app.add_subcommand(
      "tally",
      "Tally published election data: PrefLib .soc/.soi/.toc/.toi or a Debian tally sheet");
  tally_cmd->add_option("--method", tally.method, "schulze, irv, plurality, stv (greedy, mes: .pb)")
      ->required()
      ->check(CLI::IsMember({"schulze", "irv", "plurality", "stv", "greedy", "mes"}));
  tally_cmd->add_option("--seats", tally.seats, "Seats to fill (stv)")->check(CLI::Range(1, 1000));
  tally_cmd->add_option("--completion", tally.completion, "MES completion: none, add1, add1u")
      ->check(CLI::IsMember({"none", "add1", "add1u"}));
  tally_cmd->add_option("--start", tally.start, "MES start endowment: exact (B/n) or integral")
      ->check(CLI::IsMember({"exact", "integral"}));
  tally_cmd->add_option("--increment", tally.increment, "Add1: per-voter raise per step")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  tally_cmd->add_flag("--early-stop", tally.early_stop,
                      "Add1: stop at the first exhaustive outcome");
  tally_cmd->add_option("--comparison", tally.comparison, "MES: none or satisfaction (vs greedy)")
      ->check(CLI::IsMember({"none", "satisfaction"}));
  tally_cmd->add_option("file", tally.file, "Data file")->required();
  tally_cmd->callback([&] { exit_code = run_tally(tally); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  } catch (const std::exception& e) {
    // The last line of defence: errors are values below this boundary, so this is
    // a bug to report, but it must end in a message, not an abort.
    std::fprintf(stderr, "yishi: internal error: %s\n", e.what());
    return kExitStorage;
  }
  return exit_code;
}
