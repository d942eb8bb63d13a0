// Ranked ballots as tallies see them: distinct ballots with their counts, so
// memory follows the number of distinct ballots, not of voters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace yishi::tally {

using Candidate = int;  // 0-based; printed 1-based, as in the source files

// Tie classes, most preferred first. Candidates not listed rank below every
// listed one, tied with each other. Stored flat, classes separated by a marker:
// one allocation a ballot (a vector per class cost ~840 bytes for a typical
// 13-class ballot, this ~150), which is what a tally's memory is made of.
class RankedBallot {
 public:
  // The classes in order, as spans over the ballot.
  class Classes {
   public:
    // Walks the classes; the end is a null position.
    class iterator {
     public:
      using value_type = std::span<const Candidate>;
      using difference_type = std::ptrdiff_t;
      iterator() = default;
      iterator(const Candidate* at, const Candidate* end) : at_(at), end_(end) { find_stop(); }
      value_type operator*() const { return {at_, stop_}; }
      iterator& operator++() {
        at_ = stop_ == end_ ? nullptr : stop_ + 1;  // past the marker, or done
        find_stop();
        return *this;
      }
      iterator operator++(int) {
        iterator before = *this;
        ++*this;
        return before;
      }
      bool operator==(const iterator& other) const { return at_ == other.at_; }

     private:
      void find_stop() {
        stop_ = at_;
        if (!at_) return;
        while (stop_ != end_ && *stop_ != kBreak) ++stop_;
      }
      const Candidate* at_ = nullptr;
      const Candidate* stop_ = nullptr;
      const Candidate* end_ = nullptr;
    };
    Classes(const Candidate* begin, const Candidate* end) : begin_(begin), end_(end) {}
    iterator begin() const { return begin_ == end_ ? end() : iterator(begin_, end_); }
    iterator end() const { return {}; }

   private:
    const Candidate* begin_;
    const Candidate* end_;
  };

  RankedBallot() = default;
  explicit RankedBallot(const std::vector<std::vector<Candidate>>& classes) {
    for (const auto& cls : classes) add_class(cls);
  }
  // Appends the next (lower) tie class; it must not be empty.
  void add_class(std::span<const Candidate> cls) {
    if (!cells_.empty()) cells_.push_back(kBreak);
    cells_.insert(cells_.end(), cls.begin(), cls.end());
  }
  bool empty() const { return cells_.empty(); }
  Classes classes() const { return {cells_.data(), cells_.data() + cells_.size()}; }
  // The first class: what a plurality count looks at.
  std::span<const Candidate> first_class() const { return *classes().begin(); }

 private:
  static constexpr Candidate kBreak = -1;
  std::vector<Candidate> cells_;
};

struct Profile {
  int candidates = 0;
  std::vector<std::string> names;
  std::vector<std::pair<RankedBallot, std::uint64_t>> ballots;
  std::uint64_t voters() const {
    std::uint64_t n = 0;
    for (const auto& [b, count] : ballots) n += count;
    return n;
  }
};

struct ParseError {
  std::size_t line = 0;  // 1-based; 0 when the file as a whole is wrong
  std::string message;
};

// PrefLib .soc/.soi/.toc/.toi (the extension given as `kind`), header counts checked.
std::expected<Profile, ParseError> parse_preflib(std::string_view text, std::string_view kind);
// Debian's tally sheets: "V: <ranks> <md5>", one rank character per option.
std::expected<Profile, ParseError> parse_debian_tally(std::string_view text);

}  // namespace yishi::tally
