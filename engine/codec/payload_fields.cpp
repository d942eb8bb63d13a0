#include "engine/codec/payload_fields.hpp"

#include <cereal/cereal.hpp>
#include <type_traits>

#include "engine/codec/serialize.hpp"

namespace yishi::engine::codec {

// A cereal output archive that records primitives instead of writing bytes. It
// takes the same paths through the serialize functions as the portable binary
// archive the codec writes with, which is what makes the two agree.
class FieldRecorder : public cereal::OutputArchive<FieldRecorder, cereal::AllowEmptyClassElision> {
 public:
  FieldRecorder() : OutputArchive(this) {
    // The portable binary archive begins with its endianness flag (1: little).
    fields.push_back({"u8", std::uint64_t{1}});
  }
  std::vector<PayloadField> fields;
};

template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(FieldRecorder& ar, const T& value) {
  static constexpr const char* kUnsigned[] = {"", "u8", "u16", "", "u32", "", "", "", "u64"};
  static constexpr const char* kSigned[] = {"", "i8", "i16", "", "i32", "", "", "", "i64"};
  if constexpr (std::is_same_v<T, bool>) {
    ar.fields.push_back({"bool", value});
  } else if constexpr (std::is_floating_point_v<T>) {
    static_assert(!std::is_floating_point_v<T>, "no event carries a floating-point field");
  } else if constexpr (std::is_signed_v<T>) {
    ar.fields.push_back({kSigned[sizeof(T)], static_cast<std::int64_t>(value)});
  } else {
    ar.fields.push_back({kUnsigned[sizeof(T)], static_cast<std::uint64_t>(value)});
  }
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(FieldRecorder& ar, const cereal::SizeTag<T>& tag) {
  ar.fields.push_back({"u64", static_cast<std::uint64_t>(tag.size)});
}

// A string arrives as its size tag then its bytes: the pair becomes one "str".
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(FieldRecorder& ar, const cereal::BinaryData<T>& data) {
  std::string bytes(static_cast<const char*>(static_cast<const void*>(data.data)),
                    static_cast<std::size_t>(data.size));
  using Element = std::remove_cv_t<std::remove_pointer_t<std::decay_t<T>>>;
  if constexpr (std::is_same_v<Element, char>) {
    if (!ar.fields.empty() && ar.fields.back().kind == "u64" &&
        std::get<std::uint64_t>(ar.fields.back().value) == bytes.size()) {
      ar.fields.back() = {"str", std::move(bytes)};
      return;
    }
  }
  ar.fields.push_back({"bytes", std::move(bytes)});
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(FieldRecorder& ar, const cereal::NameValuePair<T>& pair) {
  ar(pair.value);
}

}  // namespace yishi::engine::codec

CEREAL_REGISTER_ARCHIVE(yishi::engine::codec::FieldRecorder)

namespace yishi::engine::codec {

std::vector<PayloadField> payload_fields(const Event& event) {
  FieldRecorder recorder;
  std::visit([&](const auto& e) { recorder(e); }, event);
  return std::move(recorder.fields);
}

std::string encode_fields(const std::vector<PayloadField>& fields) {
  std::string out;
  const auto little_endian = [&](std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i, v >>= 8) out.push_back(static_cast<char>(v & 0xff));
  };
  for (const PayloadField& f : fields) {
    if (f.kind == "bool") {
      out.push_back(std::get<bool>(f.value) ? 1 : 0);
    } else if (f.kind == "str") {
      const auto& s = std::get<std::string>(f.value);
      little_endian(s.size(), 8);
      out += s;
    } else if (f.kind == "bytes") {
      out += std::get<std::string>(f.value);
    } else {
      const int width = std::stoi(f.kind.substr(1)) / 8;  // "u32": 4 bytes
      if (f.kind[0] == 'u') {
        little_endian(std::get<std::uint64_t>(f.value), width);
      } else {
        little_endian(static_cast<std::uint64_t>(std::get<std::int64_t>(f.value)), width);
      }
    }
  }
  return out;
}

}  // namespace yishi::engine::codec
