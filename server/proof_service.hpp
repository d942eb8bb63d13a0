// Inclusion and consistency proofs for the HTTP API, made on one worker thread
// of their own: neither a community thread (commands must not wait behind a
// scan of the log) nor a network thread (other connections must not either)
// ever builds a tree. Each community's tree is built once, in the background
// from startup, then extended by the events committed since the last request.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "engine/service/live_community.hpp"
#include "server/api_error.hpp"
#include "server/proof_cache.hpp"
#include "server/proof_request.hpp"

namespace yishi::server {

using ProofReply = std::function<void(std::expected<nlohmann::ordered_json, ApiError>)>;

class ProofService {
 public:
  // Requests waiting beyond this are refused (503 busy) rather than queued without bound.
  static constexpr std::size_t kMaxQueued = 1024;

  explicit ProofService(const std::vector<std::unique_ptr<service::LiveCommunity>>& communities);
  ~ProofService();  // stop()
  ProofService(const ProofService&) = delete;
  ProofService& operator=(const ProofService&) = delete;

  // Answers `request` for `community` (one of those given); `reply` runs on the
  // worker thread and must not block. From any thread.
  void answer(const engine::CommunityId& community, ProofRequest request, ProofReply reply);

  // Drops what is queued (those replies never run), interrupts a catch-up, joins. Idempotent.
  void stop();

 private:
  void run();

  std::map<engine::CommunityId, std::unique_ptr<ProofCache>, std::less<>> caches_;  // worker only
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::thread thread_;  // last: starts once everything above is built
};

}  // namespace yishi::server
