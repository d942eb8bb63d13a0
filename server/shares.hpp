// The network threads' shares of the WebSocket sessions: one strand per thread.
// A connection moves onto the share with the fewest sessions when it upgrades to
// a WebSocket (HTTP requests keep a strand of their own), and a fan-out hand-over
// to a share (FanOut) runs on that share's strand, so it calls each of the
// share's sessions directly: no dispatch, no executor copied, per session.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "server/net.hpp"

namespace yishi::server {

class Shares {
 public:
  using Strand = net::strand<net::io_context::executor_type>;
  Shares(net::io_context& ioc, int threads);

  std::size_t size() const { return strands_.size(); }
  const Strand& strand(std::size_t share) const { return strands_[share]; }
  // The share with the fewest sessions, which now counts one more.
  std::size_t join();
  void leave(std::size_t share);
  std::size_t sessions(std::size_t share) const {
    return sessions_[share].load(std::memory_order_relaxed);
  }

 private:
  std::vector<Strand> strands_;
  std::unique_ptr<std::atomic<std::size_t>[]> sessions_;
};

}  // namespace yishi::server
