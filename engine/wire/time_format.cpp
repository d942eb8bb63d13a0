#include "engine/wire/time_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace yishi::wire {
namespace {
namespace chr = std::chrono;

std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool at(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}
}  // namespace

// A time outside what RFC 3339 can write (a damaged or forged payload) prints as
// the nearest end of the range.
std::string format_time(engine::Timestamp t) {
  t = std::clamp(t, engine::kEarliestTime, engine::kLatestTime);
  const chr::sys_time<chr::milliseconds> tp{chr::milliseconds{t}};
  const auto day = chr::floor<chr::days>(tp);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{tp - day};
  const auto ms = hms.subseconds().count();
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(ymd.year()),
                                unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                                hms.minutes().count(), hms.seconds().count());
  if (ms != 0) out += fmt::format(".{:03}", ms);
  out += 'Z';
  return out;
}

std::optional<engine::Timestamp> parse_time(std::string_view s) {
  const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  const auto h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !se || !at(s, 4, '-') || !at(s, 7, '-') ||
      !(at(s, 10, 'T') || at(s, 10, ' ')) || !at(s, 13, ':') || !at(s, 16, ':'))
    return std::nullopt;
  const chr::year_month_day ymd{chr::year{*y}, chr::month{static_cast<unsigned>(*mo)},
                                chr::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (at(s, pos, '.')) {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;  // digits beyond milliseconds are dropped
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_minutes = 0;
  if (at(s, pos, 'Z') || at(s, pos, 'z')) {
    ++pos;
  } else if (at(s, pos, '+') || at(s, pos, '-')) {
    const auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (!oh || !om || !at(s, pos + 3, ':') || *oh > 23 || *om > 59) return std::nullopt;
    offset_minutes = (*oh * 60 + *om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  const auto days = chr::sys_days{ymd}.time_since_epoch().count();
  return ((static_cast<std::int64_t>(days) * 24 + *h) * 60 + *mi - offset_minutes) * 60000 +
         *se * 1000LL + millis;
}

std::string format_utc_offset(int m) {
  if (m == 0) return "Z";
  const int a = m < 0 ? -m : m;
  return fmt::format("{}{:02}:{:02}", m < 0 ? '-' : '+', a / 60, a % 60);
}

std::optional<int> parse_utc_offset(std::string_view text) {
  if (text == "Z" || text == "z") return 0;
  if (text.size() != 6) return std::nullopt;
  // Read through parse_time, so offsets follow exactly the rules of timestamps.
  auto t = parse_time("2000-01-01T00:00:00" + std::string(text));
  if (!t) return std::nullopt;
  return static_cast<int>(-(*t - 946'684'800'000) / 60'000);
}

}  // namespace yishi::wire
