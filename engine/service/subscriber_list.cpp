#include "engine/service/subscriber_list.hpp"

namespace yishi::service {

void SubscriberList::add(const std::shared_ptr<Subscriber>& subscriber) {
  const Subscriber* address = subscriber.get();
  if (auto it = position_.find(address); it != position_.end()) {
    list_[it->second].subscriber = subscriber;
    return;
  }
  position_.emplace(address, list_.size());
  list_.push_back({address, subscriber});
}

void SubscriberList::remove(const Subscriber* subscriber) {
  if (auto it = position_.find(subscriber); it != position_.end()) erase_at(it->second);
}

std::vector<std::shared_ptr<Subscriber>> SubscriberList::live() {
  std::vector<std::shared_ptr<Subscriber>> out;
  out.reserve(list_.size());
  for (std::size_t i = 0; i < list_.size();) {
    if (auto s = list_[i].subscriber.lock()) {
      out.push_back(std::move(s));
      ++i;
    } else {
      erase_at(i);  // the last one moves here: look at i again
    }
  }
  return out;
}

// The last entry takes the erased one's place: the order of a stream's
// subscribers is not part of its contract, each gets every message in order.
void SubscriberList::erase_at(std::size_t position) {
  position_.erase(list_[position].address);
  if (position != list_.size() - 1) {
    list_[position] = std::move(list_.back());
    position_[list_[position].address] = position;
  }
  list_.pop_back();
}

}  // namespace yishi::service
