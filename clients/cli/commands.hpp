// The `yishi` subcommands. Each returns the process exit code:
// 0 success, 1 verification failed or the engine refused (with --strict),
// 2 bad input or usage (nothing changed), 3 storage error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/service/community.hpp"
#include "engine/store/event_store.hpp"

namespace yishi::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitStorage = 3;

struct InitOptions {
  std::string db;
  std::string community;
  std::string admin;
  std::string at;  // empty: now
  std::optional<std::uint32_t> support_threshold;
  std::optional<std::uint32_t> support_window_days;
  std::string rules;  // JSON file of rules that differ from the defaults
  store::Synchronous sync = store::Synchronous::full;
  std::string key;                    // where to write the secret key; empty: the key directory
  bool replay_history = false;        // --at may lie beyond the wall clock
  std::string utc_offset = "+08:00";  // the community's local time, for minutes and replays
};
int run_init(const InitOptions& o);

struct ExecOptions {
  std::string db;
  std::string script;  // "-" for standard input
  std::size_t batch = 256;
  bool strict = false;
  store::Synchronous sync = store::Synchronous::full;
  std::string key;  // the secret key file; empty: as recorded at init, or the key directory
  // The script is a dated history: its `at` times may lie beyond the wall clock.
  bool replay_history = false;
};
int run_exec(const ExecOptions& o);

int run_log(const std::string& db, std::uint64_t from_seq);
struct VerifyCliOptions {
  std::string db;
  std::string public_key;                // empty: the community's key file, if found
  std::vector<std::string> checkpoints;  // files saved from `yishi checkpoint`
};
int run_verify(const VerifyCliOptions& o);
int run_proof(const std::string& db, std::uint64_t seq, std::uint64_t tree_size);
int run_consistency(const std::string& db, std::uint64_t old_size, std::uint64_t new_size);
int run_checkpoint(const std::string& db, const std::string& key);
// Maps an error opening a community for writing to the exit code.
int exit_code_for(const store::StoreError& e);

struct ReportOptions {
  std::string db;
  std::string meeting;
  std::string format = "md";  // md | html | json (minutes)
  std::string language = "zh";
  std::string utc_offset;  // empty: the community's own
  bool ids = false;        // members by id, not display name (bytes that depend on the log alone)
};
int run_minutes(const ReportOptions& o);

struct TallyOptions {
  std::string method;
  std::string file;
  int seats = 1;
  // mes
  std::string completion = "add1";  // none | add1 | add1u
  std::string start = "exact";      // exact | integral
  std::int64_t increment = 1;
  bool early_stop = false;
  std::string comparison = "none";  // none | satisfaction
};
int run_tally(const TallyOptions& o);
int run_replay(const ReportOptions& o);
// A ballot's published count; with a receipt, whether that ballot was counted.
int run_results(const std::string& db, const std::string& ballot, const std::string& receipt);
// The community's state after event SEQ, or at TIME (RFC 3339), or now: JSON.
int run_state(const std::string& db, const std::string& at);
// Accepted proposals in the order to take them onto agendas, as JSON lines.
int run_backlog(const std::string& db);
int run_tasks(const std::string& db, const std::string& at);
int run_standards(const std::string& db, const std::string& at, const std::string& by,
                  const std::string& body, const std::string& funding);
struct DossierCliOptions {
  std::string db;
  std::string proposal;
  std::string out;  // empty: standard output
  std::string key;  // the secret key file; empty: as recorded at init, or the key directory
};
int run_dossier(const DossierCliOptions& o);
struct ExportOptions {
  std::string db;
  std::string table;  // proposals, decisions, votes, tasks, indicators
  std::string poll;   // or a closed poll, as PrefLib / Pabulib
  std::string format = "csv";
  std::string out;  // empty: standard output
  std::string at;   // judge overdue/stalled at this time (default now)
};
int run_export(const ExportOptions& o);
struct EraseOptions {
  std::string db;
  std::string member;
  std::string by = "admin";  // the admin who records the erasure
  std::string key;           // the secret key file; empty: as recorded at init
};
int run_erase(const EraseOptions& o);

struct InviteOptions {
  std::string db;
  std::string member;
  std::vector<std::string> roles;  // empty: every role the member holds
  std::string expires_in = "30d";
  std::string base_url = "http://127.0.0.1:8080/";
  std::string svg;      // write the QR code here instead of to stderr
  bool quiet = false;   // no QR code on stderr
  std::string view;     // "projector" or "audit": a view-only invitation (no member)
  std::string meeting;  // the meeting a view opens on
};
// Prints {token_id, token, link, member, roles, expires_at}; the QR code on stderr.
int run_invite(const InviteOptions& o);
int run_revoke(const std::string& db, const std::string& token_id);

// Milliseconds since the epoch from the system clock: the shell's only clock.
inline std::int64_t wall_clock_now() {
  return service::system_clock_now();
}

}  // namespace yishi::cli
