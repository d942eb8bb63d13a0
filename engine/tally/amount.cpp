#include "engine/tally/amount.hpp"

#include <algorithm>

namespace yishi::tally {
namespace {

std::string shorten(std::string_view text) {
  return text.size() <= 32 ? std::string(text) : std::string(text.substr(0, 29)) + "...";
}

const std::string kLimit = "1000000000000000000";

}  // namespace

std::expected<Decimal, std::string> parse_decimal(std::string_view text) {
  const auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  const auto digits = [](std::string_view s) {
    return std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
  };
  if ((whole.empty() && fraction.empty()) || !digits(whole) || !digits(fraction)) {
    return std::unexpected("'" + shorten(text) + "' is not a non-negative decimal number");
  }
  while (!whole.empty() && whole.front() == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  return Decimal{std::string(whole), std::string(fraction)};
}

std::expected<std::int64_t, std::string> to_sub_units(const Decimal& d, int decimals) {
  if (static_cast<int>(d.fraction.size()) > decimals) {
    return std::unexpected("has more than " + std::to_string(decimals) + " decimal places");
  }
  std::int64_t value = 0;
  const auto push = [&](char c) {
    const int digit = c - '0';
    if (value > (kMaxAmount - digit) / 10) return false;
    value = value * 10 + digit;
    return true;
  };
  std::string padded = d.whole + d.fraction;
  padded.append(static_cast<std::size_t>(decimals) - d.fraction.size(), '0');
  for (char c : padded) {
    if (!push(c)) {
      return std::unexpected("is larger than the limit of " + kLimit + " units" +
                             (decimals ? " of 10^-" + std::to_string(decimals) : ""));
    }
  }
  return value;
}

std::string format_amount(std::int64_t amount, int decimals) {
  std::string digits = std::to_string(amount);
  if (decimals <= 0) return digits;
  const auto places = static_cast<std::size_t>(decimals);
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  digits.insert(digits.size() - places, ".");
  return digits;
}

std::int64_t scale_of(int decimals) {
  std::int64_t s = 1;
  for (int i = 0; i < decimals; ++i) s *= 10;
  return s;
}

std::expected<void, AmountProblem> check_amounts(std::int64_t budget,
                                                 std::span<const std::int64_t> costs) {
  if (budget <= 0 || budget > kMaxAmount) {
    return std::unexpected(AmountProblem{"budget", "must be between 1 and " + kLimit});
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    if (costs[i] < 0 || costs[i] > kMaxAmount) {
      return std::unexpected(AmountProblem{
          "costs", "option " + std::to_string(i + 1) + " costs " + std::to_string(costs[i]) +
                       "; each cost must be between 0 and " + kLimit});
    }
    if (costs[i] > kMaxAmount - total) {  // total + cost > limit, without overflowing
      return std::unexpected(AmountProblem{"costs", "the costs add up to more than " + kLimit});
    }
    total += costs[i];
  }
  return {};
}

}  // namespace yishi::tally
