// Reads from a stored payload, which is untrusted input (a hand-edited row).
//
// Size prefixes: cereal resizes a string or a
// container to its prefix before reading the elements, so one corrupted row could
// make `yishi log` or opening a store allocate terabytes. Every element takes at
// least one byte, so while a payload of N bytes is decoded (a PayloadBound in
// scope, on this thread) a prefix above N is refused as malformed instead.
//
// Booleans: cereal copies the byte into a bool; any byte but 0 or 1 would then be
// undefined behaviour wherever the bool is read, so it is refused too.
#pragma once

#include <cereal/archives/portable_binary.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace yishi::engine::codec {

inline thread_local std::size_t payload_bound = std::numeric_limits<std::size_t>::max();

class PayloadBound {
 public:
  explicit PayloadBound(std::size_t bytes) : saved_(payload_bound) { payload_bound = bytes; }
  ~PayloadBound() { payload_bound = saved_; }
  PayloadBound(const PayloadBound&) = delete;
  PayloadBound& operator=(const PayloadBound&) = delete;

 private:
  std::size_t saved_;
};

}  // namespace yishi::engine::codec

namespace cereal {

// Chosen over cereal's own template for size tags (an exact, non-template match),
// for the one archive Yishi decodes payloads with.
inline void CEREAL_SERIALIZE_FUNCTION_NAME(PortableBinaryInputArchive& ar,
                                           SizeTag<size_type&>& tag) {
  ar(tag.size);
  if (tag.size > yishi::engine::codec::payload_bound) {
    throw Exception("a size prefix of " + std::to_string(tag.size) + " exceeds the " +
                    std::to_string(yishi::engine::codec::payload_bound) + "-byte payload");
  }
}

inline void CEREAL_LOAD_FUNCTION_NAME(PortableBinaryInputArchive& ar, bool& value) {
  std::uint8_t byte = 0;
  ar(byte);
  if (byte > 1) throw Exception("a boolean byte of " + std::to_string(byte) + ", not 0 or 1");
  value = byte == 1;
}

}  // namespace cereal
