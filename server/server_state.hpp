// What every connection shares: the communities served, the invitations they
// accept, the per-IP connection counts, the live sessions (to close them on
// shutdown) and the proofs' Merkle trees. Thread-safe.
#pragma once

#include <atomic>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/service/live_community.hpp"
#include "engine/store/invites.hpp"
#include "server/config.hpp"
#include "server/proof_service.hpp"
#include "server/shares.hpp"
#include "server/static_files.hpp"
#include "server/token_bucket.hpp"

namespace yishi::server {

// A session that can be told to go away (a WebSocket session).
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close_going_away() = 0;  // close 1001, from any thread
  // Once the network threads have stopped: drops the handlers a connection keeps
  // for writes that will never run, which may hold the connection itself.
  virtual void abandon() = 0;
};

struct Metrics {
  std::atomic<std::uint64_t> connections{0}, connections_total{0}, refused_connections{0};
  std::atomic<std::uint64_t> messages_in{0}, protocol_errors{0}, rate_limited{0};
  std::atomic<std::uint64_t> resyncs{0}, dropped_slow{0};
  std::atomic<std::uint64_t> queued_messages{0};  // across every session's send queue
  // Gathered writes and the frames they carried: their ratio is how well corking works.
  std::atomic<std::uint64_t> writes{0}, frames_out{0};
};

class ServerState {
 public:
  ServerState(Config config, std::vector<std::unique_ptr<service::LiveCommunity>> communities,
              std::vector<std::unique_ptr<store::InviteBook>> invites,
              std::shared_ptr<Shares> shares);
  ~ServerState();

  const Config& config() const { return config_; }
  Metrics& metrics() { return metrics_; }
  const std::vector<std::unique_ptr<service::LiveCommunity>>& communities() const {
    return communities_;
  }
  service::LiveCommunity* community(std::string_view id) const;
  ProofService& proofs() { return *proofs_; }
  StaticFiles& static_files() { return static_files_; }
  Shares& shares() { return *shares_; }

  struct Authenticated {
    service::LiveCommunity* community = nullptr;
    service::Session session;
    std::string token_id;
    // A view-only invitation's view ("projector", "audit") and meeting; else "".
    std::string view;
    std::string meeting;
  };
  // The community and session a token opens, or why not (for the server's log only:
  // the client is told "unauthenticated" whatever the cause).
  std::expected<Authenticated, std::string> authenticate(std::string_view token,
                                                         engine::Timestamp now);

  // Reads that scan a whole log (a decision dossier) run on a community's
  // thread: at most kHeavyReadsPerSecond across the server, so that requests
  // for them cannot hold up live meetings. False: answer 429.
  bool admit_heavy_read();
  static constexpr double kHeavyReadsPerSecond = 2;
  static constexpr double kHeavyReadBurst = 4;

  // Per-IP connection cap: false when `ip` already has the maximum.
  bool admit(const std::string& ip);
  void release(const std::string& ip);

  void join(const std::shared_ptr<Closable>& session);
  void leave(const Closable* session);
  // Tells every live session to close (1001), then stops the communities after
  // their queued commits.
  void shut_down();
  // After the network threads ended: every connection still alive lets go of
  // what it holds (see Closable::abandon), so that all of it is freed.
  void abandon_sessions();

 private:
  // Every session still alive (taken under the lock, returned unlocked).
  std::vector<std::shared_ptr<Closable>> live_sessions();

  Config config_;
  std::vector<std::unique_ptr<service::LiveCommunity>> communities_;
  std::mutex heavy_reads_mutex_;
  TokenBucket heavy_reads_{kHeavyReadBurst, TokenBucket::Clock::now()};
  std::mutex invites_mutex_;
  std::vector<std::unique_ptr<store::InviteBook>> invites_;  // one per community, same order
  std::mutex mutex_;
  std::map<std::string, std::uint32_t> per_ip_;
  std::map<const Closable*, std::weak_ptr<Closable>> sessions_;
  Metrics metrics_;
  std::unique_ptr<ProofService> proofs_;  // after communities_: it reads their files
  StaticFiles static_files_;
  std::shared_ptr<Shares> shares_;
};

}  // namespace yishi::server
