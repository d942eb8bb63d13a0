// Money in budgets: whole sub-units (cents, or whatever the data's decimals
// need) in an int64, bounded so that no sum a tally forms can overflow.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

namespace yishi::tally {

// A budget, each cost, and the sum of all costs are at most 10^18 sub-units:
// any two such sums still add up within int64 (2·10^18 < 9.2·10^18).
inline constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000'000;
// Decimal places accepted in amounts (Pabulib's published files use two).
inline constexpr int kMaxDecimals = 6;

// A non-negative decimal as written ("969245.38", "0012", "5."), kept as text so
// it converts exactly: no double ever holds it.
struct Decimal {
  std::string whole;     // digits, no leading zeros ("" for zero)
  std::string fraction;  // digits, no trailing zeros
};

// Digits with at most one '.', nothing else (no sign, exponent or spaces).
std::expected<Decimal, std::string> parse_decimal(std::string_view text);

// `d` in units of 10^-decimals, if it is a whole number of them and at most
// kMaxAmount; the error says which.
std::expected<std::int64_t, std::string> to_sub_units(const Decimal& d, int decimals);

// `amount` sub-units written with `decimals` places ("96924538", 2 -> "969245.38").
std::string format_amount(std::int64_t amount, int decimals);

// 10^decimals, decimals in [0, kMaxDecimals].
std::int64_t scale_of(int decimals);

// The budget and costs a budget question can be counted with: each in
// [0, kMaxAmount], their sum too, the budget positive. Empty if they are;
// otherwise which of "budget"/"costs" is wrong and why.
struct AmountProblem {
  std::string field;
  std::string reason;
};
std::expected<void, AmountProblem> check_amounts(std::int64_t budget,
                                                 std::span<const std::int64_t> costs);

}  // namespace yishi::tally
