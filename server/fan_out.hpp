// How the server hands a stream's committed events to its subscribers
// (service::LiveOptions::fan_out): framed once, header and payload in one
// buffer that every session writes as it is, and given to the network threads
// in one post per network thread rather than one per session. At a thousand
// subscribers a window's hand-over was a thousand cross-thread posts, each a
// heap allocation, two locks and often a wake-up. A WebSocket session lives on
// one of the Shares' strands, so a hand-over, running on its share's strand,
// calls each of the share's sessions directly: no dispatch, no executor copied.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/service/live_community.hpp"
#include "server/net.hpp"
#include "server/shares.hpp"

namespace yishi::server {

class FanOut {
 public:
  explicit FanOut(std::shared_ptr<const Shares> shares);

  // The service::FanOut: on the community thread.
  service::FanOut function() const;

  // Nothing is handed over after this (the network threads have stopped and the
  // io_context is about to go; a community stopping later still flushes).
  void close();

 private:
  struct Gate {
    std::mutex mutex;
    bool open = true;
  };

  // One per network thread, so that a big room keeps them all busy.
  std::shared_ptr<const Shares> shares_;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

}  // namespace yishi::server
