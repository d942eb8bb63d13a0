// A Merkle tree over the log, as defined by RFC 6962 §2.1 / RFC 9162 §2.1:
// leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right),
// the left subtree of n leaves holds the largest power of two below n.
// The leaf of event `seq` is its 32-byte envelope hash.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/audit/hash.hpp"

namespace yishi::audit {

Hash leaf_hash(std::span<const std::uint8_t> leaf);
Hash node_hash(const Hash& left, const Hash& right);
// leaf_hash of two 32-byte leaves at once.
std::pair<Hash, Hash> leaf_hashes(const Hash& a, const Hash& b);
// The root of an empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
Hash empty_root();

// Every complete subtree of the log, level by level: O(n) memory, O(1)
// amortised append, O(log n) roots and proofs for any earlier tree size.
class MerkleTree {
 public:
  void append_leaf_hash(const Hash& leaf);  // an already hashed leaf
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  // Root of the tree made of the first `tree_size` leaves (tree_size <= size()).
  Hash root(std::uint64_t tree_size) const;
  Hash root() const { return root(size()); }

  // RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `tree_size`.
  std::vector<Hash> inclusion_proof(std::uint64_t index, std::uint64_t tree_size) const;
  // RFC 9162 §2.1.4.1: proof that the tree of `old_size` is a prefix of `tree_size`.
  std::vector<Hash> consistency_proof(std::uint64_t old_size, std::uint64_t tree_size) const;

 private:
  Hash range_hash(std::uint64_t lo, std::uint64_t hi) const;  // MTH(D[lo:hi])
  void path(std::uint64_t m, std::uint64_t lo, std::uint64_t hi, std::vector<Hash>& out) const;
  void subproof(std::uint64_t m, std::uint64_t lo, std::uint64_t hi, bool whole,
                std::vector<Hash>& out) const;

  std::vector<std::vector<Hash>> levels_;  // levels_[k][i] covers leaves [i·2^k, (i+1)·2^k)
};

// The right edge of a tree: enough to compute its root after each append, in
// O(log n) memory. What the store keeps so it never holds the whole tree.
class CompactRange {
 public:
  void append_leaf_hash(const Hash& leaf);
  std::uint64_t size() const { return size_; }
  Hash root() const;

  // (size, peaks) round-trip for snapshots.
  const std::vector<Hash>& peaks() const { return peaks_; }
  static std::expected<CompactRange, std::string> from_peaks(std::uint64_t size,
                                                             std::vector<Hash> peaks);

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash> peaks_;  // perfect subtrees, largest first; one per set bit of size_
};

// RFC 9162 §2.1.3.2.
bool verify_inclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                      std::span<const Hash> proof, const Hash& root);
// RFC 9162 §2.1.4.2.
bool verify_consistency(std::uint64_t old_size, std::uint64_t tree_size, const Hash& old_root,
                        const Hash& root, std::span<const Hash> proof);

}  // namespace yishi::audit
