// The subscribers of one stream, on the community thread. Joining, leaving and
// joining again cost the same whatever the room's size: a meeting of five
// thousand used to scan (and lock) the whole list on every subscribe and
// unsubscribe, twelve million weak-pointer locks to fill the room.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

namespace yishi::service {

class Subscriber;

class SubscriberList {
 public:
  // On the list once: subscribing again restarts the stream for it.
  void add(const std::shared_ptr<Subscriber>& subscriber);
  void remove(const Subscriber* subscriber);
  // The subscribers still alive; those gone are forgotten on the way.
  std::vector<std::shared_ptr<Subscriber>> live();
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }

 private:
  struct Entry {
    const Subscriber* address;  // as added: a dead one's is its key still
    std::weak_ptr<Subscriber> subscriber;
  };
  void erase_at(std::size_t position);

  std::vector<Entry> list_;
  // Where each is in list_, by address. An address is never on the list twice:
  // a subscriber allocated where a dead one was takes its place.
  std::unordered_map<const Subscriber*, std::size_t> position_;
};

}  // namespace yishi::service
