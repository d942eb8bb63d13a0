#include "engine/codec/event_codec.hpp"

#include <cereal/archives/portable_binary.hpp>

#include <sstream>

#include "engine/codec/serialize.hpp"

namespace yishi::engine::codec {
namespace {

// Reads a payload in place: no copy into a std::string, which verification and
// replay would otherwise pay for on every event.
class ViewBuffer : public std::streambuf {
 public:
  void view(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // never written through
    setg(begin, begin, begin + bytes.size());
  }
  bool consumed() const { return gptr() == egptr(); }
};

// One stream per thread, pointed at each payload in turn: constructing a
// std::istream (its locale) per event cost more than decoding most events.
struct PayloadStream {
  ViewBuffer buffer;
  std::istream in{&buffer};

  std::istream& view(std::string_view bytes) {
    buffer.view(bytes);
    in.clear();
    return in;
  }
};

template <class T>
std::expected<Event, std::string> decode_as(std::uint32_t version, std::string_view payload) {
  // Every older version of a type stays decodable: a new layout adds a branch
  // to its serialize_version (as the events embedding a rulebook have) and
  // never changes an old one.
  if (version == 0 || version > T::version) {
    return std::unexpected("unsupported version " + std::to_string(version) + " of " +
                           std::string(T::tag));
  }
  thread_local PayloadStream stream;
  std::istream& in = stream.view(payload);
  const ViewBuffer& buffer = stream.buffer;
  T value{};
  const PayloadBound bound(payload.size());
  try {
    cereal::PortableBinaryInputArchive archive(in);
    if constexpr (requires { serialize_version(archive, value, version); }) {
      AtVersion<T> at{&value, version};
      archive(at);
    } else {
      archive(value);
    }
  } catch (const std::exception& e) {
    return std::unexpected("malformed payload for " + std::string(T::tag) + ": " + e.what());
  }
  if (!buffer.consumed()) {
    return std::unexpected("trailing bytes after " + std::string(T::tag) + " payload");
  }
  return std::expected<Event, std::string>(std::in_place, std::in_place_type<T>, std::move(value));
}

using Decoder = std::expected<Event, std::string> (*)(std::uint32_t, std::string_view);

// The decoder for `tag`, or null: the event is then built once, in the result
// (and no error message is made for a tag that is found).
template <std::size_t... I>
Decoder decoder_for(std::string_view tag, std::index_sequence<I...>) {
  Decoder found = nullptr;
  (void)((std::variant_alternative_t<I, Event>::tag == tag
              ? (found = &decode_as<std::variant_alternative_t<I, Event>>, true)
              : false) ||
         ...);
  return found;
}

}  // namespace

std::string encode_payload(const Event& event) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive archive(out);
    std::visit([&](const auto& e) { archive(e); }, event);
  }
  return std::move(out).str();
}

std::expected<Event, std::string> decode_event(std::string_view tag, std::uint32_t version,
                                               std::string_view payload) {
  const Decoder decode = decoder_for(tag, std::make_index_sequence<std::variant_size_v<Event>>{});
  if (decode == nullptr) return std::unexpected("unknown event type '" + std::string(tag) + "'");
  return decode(version, payload);
}

}  // namespace yishi::engine::codec
