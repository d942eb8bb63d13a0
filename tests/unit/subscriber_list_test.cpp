#include <doctest/doctest.h>

#include <algorithm>

#include "engine/service/live_community.hpp"

using namespace yishi;

namespace {

struct Counting : service::Subscriber {
  int id;
  explicit Counting(int i) : id(i) {}
  void deliver(std::span<const service::SharedText>) override {}
};

std::vector<int> ids(std::vector<std::shared_ptr<service::Subscriber>> live) {
  std::vector<int> out;
  for (const auto& s : live) out.push_back(static_cast<Counting&>(*s).id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a stream's subscribers: each once, leaving and dying forgotten, in any order") {
  service::SubscriberList list;
  std::vector<std::shared_ptr<service::Subscriber>> held;
  for (int i = 0; i < 6; ++i) {
    held.push_back(std::make_shared<Counting>(i));
    list.add(held.back());
  }
  list.add(held[2]);  // subscribing again: still once
  CHECK(list.size() == 6);
  CHECK(ids(list.live()) == std::vector{0, 1, 2, 3, 4, 5});

  list.remove(held[0].get());  // the first: the last takes its place
  list.remove(held[3].get());
  list.remove(held[3].get());  // twice: nothing more
  CHECK(ids(list.live()) == std::vector{1, 2, 4, 5});

  held[5].reset();  // gone without unsubscribing (the last entry)
  held[1].reset();  // and one in the middle
  CHECK(ids(list.live()) == std::vector{2, 4});
  CHECK(list.size() == 2);  // forgotten on the way

  // Those left can still leave and come back, wherever they now stand.
  list.remove(held[4].get());
  CHECK(ids(list.live()) == std::vector{2});
  list.add(held[4]);
  list.add(held[0]);
  CHECK(ids(list.live()) == std::vector{0, 2, 4});
  for (auto& s : held) s.reset();
  CHECK(list.live().empty());
  CHECK(list.empty());
}

TEST_CASE("five thousand subscribers join (twice), leave and die, and the list stays right") {
  service::SubscriberList list;
  std::vector<std::shared_ptr<service::Subscriber>> held;
  for (int i = 0; i < 5000; ++i) {
    held.push_back(std::make_shared<Counting>(i));
    list.add(held.back());
    list.add(held.back());
  }
  CHECK(list.size() == 5000);
  for (int i = 0; i < 5000; i += 2) list.remove(held[static_cast<std::size_t>(i)].get());
  for (int i = 1; i < 5000; i += 4) held[static_cast<std::size_t>(i)].reset();
  const auto left = ids(list.live());
  CHECK(left.size() == 1250);
  CHECK(std::all_of(left.begin(), left.end(), [](int id) { return id % 4 == 3; }));
}
