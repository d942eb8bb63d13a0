// A session's queue of outgoing frames: first in, first out, written from the
// front many at a time. Unlike std::deque (whose empty state already holds about
// 600 bytes) it holds nothing until the first push, and it gives memory back
// once a burst has drained: with ten thousand idle sessions per process, bytes
// per session are the budget.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace yishi::server {

template <class T>
class SendQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }

  void push_back(T item) { items_.push_back(std::move(item)); }

  // The first `n` items (n ≤ size()), oldest first.
  std::span<const T> front(std::size_t n) const { return {items_.data() + head_, n}; }

  // Drops the first `n` items (n ≤ size()).
  void pop_front(std::size_t n) {
    for (std::size_t i = head_; i < head_ + n; ++i) items_[i] = T{};  // release now, not later
    head_ += n;
    if (head_ == items_.size()) {
      items_.clear();
      head_ = 0;
      if (items_.capacity() > kKeptCapacity) items_.shrink_to_fit();
    } else if (head_ >= kKeptCapacity && head_ * 2 >= items_.size()) {
      // A queue that never quite drains: move the live half down (amortised O(1)).
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  // Keeps the first `n` items (n ≤ size()), drops the rest.
  void keep_front(std::size_t n) {
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(head_ + n), items_.end());
  }

 private:
  // What a queue keeps after draining: enough for the usual handful of frames.
  static constexpr std::size_t kKeptCapacity = 16;

  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace yishi::server
