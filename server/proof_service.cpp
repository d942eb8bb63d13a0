#include "server/proof_service.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace yishi::server {

ProofService::ProofService(
    const std::vector<std::unique_ptr<service::LiveCommunity>>& communities) {
  for (const auto& c : communities) {
    caches_.emplace(c->id(), std::make_unique<ProofCache>(c->path(), stopping_));
  }
  // Warm every tree now, so the first request does not pay for reading the log.
  for (auto& [id, cache] : caches_) {
    queue_.push_back([id = id, cache = cache.get()] {
      const auto started = std::chrono::steady_clock::now();
      const auto head = cache->catch_up();
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
      if (head) {
        spdlog::info("proofs for {}: Merkle tree of {} events built in {} ms", id, *head, ms);
      } else {
        spdlog::warn("proofs for {}: {}", id, head.error().reason);
      }
    });
  }
  thread_ = std::thread([this] { run(); });
}

ProofService::~ProofService() {
  stop();
}

void ProofService::answer(const engine::CommunityId& community, ProofRequest request,
                          ProofReply reply) {
  const auto it = caches_.find(community);  // the map is fixed once built: safe to read here
  if (it == caches_.end()) {
    return reply(std::unexpected(ApiError{404, "not_found", "", "no such community"}));
  }
  ProofCache* cache = it->second.get();
  std::string refused;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      refused = "the server is stopping";
    } else if (queue_.size() >= kMaxQueued) {
      refused = "too many proof requests waiting: retry";
    } else {
      queue_.push_back([cache, request = std::move(request), reply] {
        std::expected<nlohmann::ordered_json, ApiError> result;
        try {
          result = std::visit(
              [&](const auto& r) {
                if constexpr (std::is_same_v<std::decay_t<decltype(r)>, InclusionRequest>) {
                  return cache->inclusion(r.seq, r.tree_size);
                } else {
                  return cache->consistency(r.old_size, r.new_size);
                }
              },
              request);
        } catch (const std::exception& e) {
          // A proof that cannot be made must not take the server down with it.
          spdlog::error("proofs: {}", e.what());
          result = std::unexpected(ApiError{500, "storage", "", "the proof could not be made"});
        }
        reply(std::move(result));
      });
      wake_.notify_one();
      return;
    }
  }
  reply(std::unexpected(ApiError{503, "busy", "", refused}));
}

void ProofService::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("proofs: {}", e.what());  // a warm-up's or a reply's failure: logged, not fatal
    }
  }
}

void ProofService::stop() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace yishi::server
