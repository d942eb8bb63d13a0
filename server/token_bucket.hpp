// A per-connection rate limit: `rate` a second, refilled continuously, at most
// `burst` saved up. Pure (the time is given), so the arithmetic is testable.
#pragma once

#include <algorithm>
#include <chrono>

namespace yishi::server {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  TokenBucket(double burst, Clock::time_point now) : tokens_(burst), refilled_(now) {}

  // Takes one token if there is one.
  bool take(double rate, double burst, Clock::time_point now) {
    tokens_ =
        std::min(burst, tokens_ + std::chrono::duration<double>(now - refilled_).count() * rate);
    refilled_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double tokens_;
  Clock::time_point refilled_;
};

}  // namespace yishi::server
