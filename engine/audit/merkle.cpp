#include "engine/audit/merkle.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace yishi::audit {
namespace {

// Largest power of two strictly below n (n >= 2): the size of the left subtree.
std::uint64_t split_point(std::uint64_t n) {
  return std::bit_floor(n - 1);
}

}  // namespace

Hash leaf_hash(std::span<const std::uint8_t> leaf) {
  const std::uint8_t prefix = 0x00;
  if (leaf.size() == 32) {
    // Every leaf of the log: 0x00 ‖ 32 bytes, padded by hand to one block.
    std::array<std::uint8_t, 64> block{};
    block[0] = prefix;
    std::memcpy(block.data() + 1, leaf.data(), 32);
    block[33] = 0x80;
    block[62] = (33 * 8) >> 8;
    block[63] = (33 * 8) & 0xFF;
    return sha256_padded(block.data(), 1);
  }
  return Sha256().update(std::span(&prefix, 1)).update(leaf).finish();
}

std::pair<Hash, Hash> leaf_hashes(const Hash& a, const Hash& b) {
  std::array<std::uint8_t, 64> block_a{}, block_b{};
  for (auto [block, leaf] : {std::pair{&block_a, &a}, std::pair{&block_b, &b}}) {
    std::memcpy(block->data() + 1, leaf->data(), 32);
    (*block)[33] = 0x80;
    (*block)[62] = (33 * 8) >> 8;
    (*block)[63] = (33 * 8) & 0xFF;
  }
  return sha256_padded_x2(block_a.data(), 1, block_b.data(), 1);
}

Hash node_hash(const Hash& left, const Hash& right) {
  // 0x01 ‖ left ‖ right is 65 bytes: padded by hand to two blocks.
  std::array<std::uint8_t, 128> blocks{};
  blocks[0] = 0x01;
  std::memcpy(blocks.data() + 1, left.data(), 32);
  std::memcpy(blocks.data() + 33, right.data(), 32);
  blocks[65] = 0x80;
  blocks[126] = (65 * 8) >> 8;
  blocks[127] = (65 * 8) & 0xFF;
  return sha256_padded(blocks.data(), 2);
}

Hash empty_root() {
  return sha256(std::string_view{});
}

void MerkleTree::append_leaf_hash(const Hash& leaf) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf);
  // Complete every subtree this leaf closes.
  for (std::size_t k = 0; levels_[k].size() % 2 == 0; ++k) {
    if (k + 1 == levels_.size()) levels_.emplace_back();
    const auto& level = levels_[k];
    levels_[k + 1].push_back(node_hash(level[level.size() - 2], level.back()));
  }
}

Hash MerkleTree::range_hash(std::uint64_t lo, std::uint64_t hi) const {
  const std::uint64_t n = hi - lo;
  if (std::has_single_bit(n)) {
    const auto k = static_cast<std::size_t>(std::countr_zero(n));
    if (lo % n == 0) return levels_[k][lo >> k];
  }
  const std::uint64_t split = split_point(n);
  return node_hash(range_hash(lo, lo + split), range_hash(lo + split, hi));
}

Hash MerkleTree::root(std::uint64_t tree_size) const {
  if (tree_size > size()) throw std::out_of_range("tree size beyond the log");
  if (tree_size == 0) return empty_root();
  return range_hash(0, tree_size);
}

void MerkleTree::path(std::uint64_t m, std::uint64_t lo, std::uint64_t hi,
                      std::vector<Hash>& out) const {
  const std::uint64_t n = hi - lo;
  if (n <= 1) return;
  const std::uint64_t k = split_point(n);
  if (m < k) {
    path(m, lo, lo + k, out);
    out.push_back(range_hash(lo + k, hi));
  } else {
    path(m - k, lo + k, hi, out);
    out.push_back(range_hash(lo, lo + k));
  }
}

std::vector<Hash> MerkleTree::inclusion_proof(std::uint64_t index, std::uint64_t tree_size) const {
  if (tree_size > size() || index >= tree_size) throw std::out_of_range("no such leaf");
  std::vector<Hash> out;
  path(index, 0, tree_size, out);
  return out;
}

void MerkleTree::subproof(std::uint64_t m, std::uint64_t lo, std::uint64_t hi, bool whole,
                          std::vector<Hash>& out) const {
  const std::uint64_t n = hi - lo;
  if (m == n) {
    if (!whole) out.push_back(range_hash(lo, hi));
    return;
  }
  const std::uint64_t k = split_point(n);
  if (m <= k) {
    subproof(m, lo, lo + k, whole, out);
    out.push_back(range_hash(lo + k, hi));
  } else {
    subproof(m - k, lo + k, hi, false, out);
    out.push_back(range_hash(lo, lo + k));
  }
}

std::vector<Hash> MerkleTree::consistency_proof(std::uint64_t old_size,
                                                std::uint64_t tree_size) const {
  if (tree_size > size() || old_size > tree_size) throw std::out_of_range("no such tree size");
  std::vector<Hash> out;
  if (old_size == 0 || old_size == tree_size) return out;
  subproof(old_size, 0, tree_size, true, out);
  return out;
}

void CompactRange::append_leaf_hash(const Hash& leaf) {
  peaks_.push_back(leaf);
  // Each trailing 1-bit of the old size is a peak the new leaf now pairs with.
  for (std::uint64_t s = size_; s & 1; s >>= 1) {
    Hash right = peaks_.back();
    peaks_.pop_back();
    peaks_.back() = node_hash(peaks_.back(), right);
  }
  ++size_;
}

Hash CompactRange::root() const {
  if (peaks_.empty()) return empty_root();
  Hash acc = peaks_.back();
  for (auto it = peaks_.rbegin() + 1; it != peaks_.rend(); ++it) acc = node_hash(*it, acc);
  return acc;
}

std::expected<CompactRange, std::string> CompactRange::from_peaks(std::uint64_t size,
                                                                  std::vector<Hash> peaks) {
  if (static_cast<std::size_t>(std::popcount(size)) != peaks.size()) {
    return std::unexpected("compact range of size " + std::to_string(size) + " needs " +
                           std::to_string(std::popcount(size)) + " peaks, got " +
                           std::to_string(peaks.size()));
  }
  CompactRange r;
  r.size_ = size;
  r.peaks_ = std::move(peaks);
  return r;
}

bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t tree_size,
                      std::span<const Hash> proof, const Hash& root) {
  if (index >= tree_size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t tree_size, const Hash& old_root,
                        const Hash& root, std::span<const Hash> proof) {
  if (old_size > tree_size) return false;
  if (old_size == tree_size) return proof.empty() && old_root == root;
  if (old_size == 0) return proof.empty();  // the empty tree is a prefix of every tree
  if (proof.empty()) return false;

  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());

  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = tree_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == root && sn == 0;
}

}  // namespace yishi::audit
