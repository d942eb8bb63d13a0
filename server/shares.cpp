#include "server/shares.hpp"

#include <algorithm>

namespace yishi::server {

Shares::Shares(net::io_context& ioc, int threads)
    : sessions_(std::make_unique<std::atomic<std::size_t>[]>(
          static_cast<std::size_t>(std::max(threads, 1)))) {
  for (int i = 0; i < std::max(threads, 1); ++i) strands_.push_back(net::make_strand(ioc));
}

// Two sessions joining at once may both pick the same share: the counts are
// a balance, not a rule, and the next joins even it out.
std::size_t Shares::join() {
  std::size_t best = 0;
  for (std::size_t i = 1; i < strands_.size(); ++i) {
    if (sessions_[i].load(std::memory_order_relaxed) <
        sessions_[best].load(std::memory_order_relaxed)) {
      best = i;
    }
  }
  sessions_[best].fetch_add(1, std::memory_order_relaxed);
  return best;
}

void Shares::leave(std::size_t share) {
  sessions_[share].fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace yishi::server
