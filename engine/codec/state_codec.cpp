#include "engine/codec/state_codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/variant.hpp>

#include <sstream>

#include "engine/codec/serialize.hpp"

namespace yishi::engine {

template <class Archive>
void serialize(Archive& ar, Proposal& p) {
  ar(p.id, p.author, p.kind, p.title, p.summary, p.drafted_at, p.revision, p.supporters,
     p.merged_from, p.phase);
}

template <class Archive>
void serialize(Archive& ar, State& s) {
  ar(s.community, s.rulebook, s.households, s.members, s.proposals, s.support_deadlines);
}

namespace codec {

std::string encode_state(const State& state) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(state);
  }
  return std::move(out).str();
}

std::expected<State, std::string> decode_state(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  State state;
  try {
    cereal::PortableBinaryInputArchive archive(in);
    archive(state);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("malformed snapshot: ") + e.what());
  }
  return state;
}

}  // namespace codec
}  // namespace yishi::engine
