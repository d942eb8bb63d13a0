#include <doctest/doctest.h>

#include <string>

#include "engine/core/text.hpp"

using namespace yishi::engine;

TEST_CASE("utf8_length counts code points and refuses malformed UTF-8") {
  CHECK(utf8_length("") == 0u);
  CHECK(utf8_length("abc") == 3u);
  CHECK(utf8_length("议事会") == 3u);
  CHECK(utf8_length("\xF0\x9F\x98\x80") == 1u);  // U+1F600
  CHECK_FALSE(utf8_length("\xC3"));              // truncated
  CHECK_FALSE(utf8_length("\xC3\x28"));          // bad continuation
  CHECK_FALSE(utf8_length("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(utf8_length("\xED\xA0\x80"));      // surrogate U+D800
  CHECK_FALSE(utf8_length("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(utf8_length("\xFF"));
}

TEST_CASE("identifiers") {
  CHECK(is_valid_id("stairwell-light_2026.v2"));
  CHECK_FALSE(is_valid_id(""));
  CHECK_FALSE(is_valid_id("-leading"));
  CHECK_FALSE(is_valid_id("with space"));
  CHECK_FALSE(is_valid_id("楼道"));
  CHECK_FALSE(is_valid_id(std::string(65, 'a')));
  CHECK(is_valid_id(std::string(64, 'a')));
}
