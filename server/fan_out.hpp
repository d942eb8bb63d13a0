// How the server hands a stream's committed events to its subscribers
// (service::LiveOptions::fan_out): framed once, header and payload in one
// buffer that every session writes as it is, and given to the network threads
// in one post per network thread rather than one per session. At a thousand
// subscribers a window's hand-over was a thousand cross-thread posts, each a
// heap allocation, two locks and often a wake-up; now each session is reached
// by a dispatch to its strand from the thread that runs it, which runs at once.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/service/live_community.hpp"
#include "server/net.hpp"

namespace yishi::server {

class FanOut {
 public:
  FanOut(net::io_context& ioc, int threads);

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
  std::vector<net::strand<net::io_context::executor_type>> shares_;
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
};

}  // namespace yishi::server
