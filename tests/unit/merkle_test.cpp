// The Merkle tree against RFC 6962/9162: published test vectors, the RFC's
// recursive definitions (MTH, PATH, SUBPROOF) as a reference, and the RFC's
// verification algorithms, for every tree size from 1 to 1,000.
#include <doctest/doctest.h>

#include <bit>
#include <random>

#include "engine/audit/merkle.hpp"

using namespace yishi::audit;

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// RFC 6962 §2.1, literally: MTH over leaf hashes D[lo:hi].
Hash reference_mth(const std::vector<Hash>& leaves, std::size_t lo, std::size_t hi) {
  const std::size_t n = hi - lo;
  if (n == 1) return leaves[lo];
  const std::size_t k = std::bit_floor(n - 1);
  return node_hash(reference_mth(leaves, lo, lo + k), reference_mth(leaves, lo + k, hi));
}

void reference_path(const std::vector<Hash>& d, std::size_t m, std::size_t lo, std::size_t hi,
                    std::vector<Hash>& out) {
  const std::size_t n = hi - lo;
  if (n == 1) return;
  const std::size_t k = std::bit_floor(n - 1);
  if (m < k) {
    reference_path(d, m, lo, lo + k, out);
    out.push_back(reference_mth(d, lo + k, hi));
  } else {
    reference_path(d, m - k, lo + k, hi, out);
    out.push_back(reference_mth(d, lo, lo + k));
  }
}

void reference_subproof(const std::vector<Hash>& d, std::size_t m, std::size_t lo, std::size_t hi,
                        bool b, std::vector<Hash>& out) {
  const std::size_t n = hi - lo;
  if (m == n) {
    if (!b) out.push_back(reference_mth(d, lo, hi));
    return;
  }
  const std::size_t k = std::bit_floor(n - 1);
  if (m <= k) {
    reference_subproof(d, m, lo, lo + k, b, out);
    out.push_back(reference_mth(d, lo + k, hi));
  } else {
    reference_subproof(d, m - k, lo + k, hi, false, out);
    out.push_back(reference_mth(d, lo, lo + k));
  }
}

std::vector<Hash> make_leaves(std::size_t n) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < n; ++i)
    leaves.push_back(leaf_hash(bytes("event " + std::to_string(i))));
  return leaves;
}

}  // namespace

TEST_CASE("roots match the RFC 6962 reference test vectors") {
  // The eight leaves and roots used by Certificate Transparency's reference tests.
  const std::vector<std::string> inputs = {"",
                                           "00",
                                           "10",
                                           "2021",
                                           "3031",
                                           "40414243",
                                           "5051525354555657",
                                           "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  MerkleTree tree;
  CompactRange range;
  CHECK(to_hex(tree.root()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Hash leaf = leaf_hash(bytes(*from_hex(inputs[i])));
    tree.append_leaf_hash(leaf);
    range.append_leaf_hash(leaf);
    CHECK(to_hex(tree.root()) == roots[i]);
    CHECK(to_hex(range.root()) == roots[i]);
  }
}

TEST_CASE("every tree size from 1 to 1000: roots, inclusion and consistency proofs") {
  constexpr std::size_t kMax = 1000;
  const auto leaves = make_leaves(kMax);
  MerkleTree tree;
  CompactRange range;
  std::vector<Hash> roots;  // roots[n] = root of the first n leaves
  roots.push_back(empty_root());
  std::mt19937_64 rng(6962);
  for (std::size_t n = 1; n <= kMax; ++n) {
    tree.append_leaf_hash(leaves[n - 1]);
    range.append_leaf_hash(leaves[n - 1]);
    const Hash root = tree.root();
    REQUIRE(root == reference_mth(leaves, 0, n));
    REQUIRE(range.root() == root);
    roots.push_back(root);
  }
  for (std::size_t n = 1; n <= kMax; ++n) {
    CAPTURE(n);
    REQUIRE(tree.root(n) == roots[n]);
    // Inclusion: every leaf of every size (the reference path for smaller trees).
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = tree.inclusion_proof(i, n);
      if (n <= 100) {
        std::vector<Hash> expected;
        reference_path(leaves, i, 0, n, expected);
        REQUIRE(proof == expected);
      }
      REQUIRE(verify_inclusion(leaves[i], i, n, proof, roots[n]));
    }
    // Consistency: every older size for trees up to 200, a sample above.
    std::vector<std::size_t> olds;
    if (n <= 200) {
      for (std::size_t m = 1; m <= n; ++m) olds.push_back(m);
    } else {
      olds = {1, n / 2, n - 1, n, std::bit_floor(n), 1 + rng() % n, 1 + rng() % n};
    }
    for (std::size_t m : olds) {
      CAPTURE(m);
      const auto proof = tree.consistency_proof(m, n);
      if (n <= 100 && m < n) {
        std::vector<Hash> expected;
        reference_subproof(leaves, m, 0, n, true, expected);
        REQUIRE(proof == expected);
      }
      REQUIRE(verify_consistency(m, n, roots[m], roots[n], proof));
    }
  }
}

TEST_CASE("tampered proofs, roots, indices and sizes are rejected") {
  const auto leaves = make_leaves(78);
  MerkleTree tree;
  for (const auto& l : leaves) tree.append_leaf_hash(l);
  const Hash root = tree.root(77);
  for (std::size_t i = 0; i < 77; i += 7) {
    auto proof = tree.inclusion_proof(i, 77);
    // The same path against the next tree head: the size is part of what is proven.
    CHECK_FALSE(verify_inclusion(leaves[i], i, 78, proof, tree.root(78)));
    CHECK_FALSE(verify_inclusion(leaves[i], (i + 1) % 77, 77, proof, root));
    CHECK_FALSE(verify_inclusion(leaves[(i + 1) % 77], i, 77, proof, root));
    proof[proof.size() / 2][5] ^= 1;
    CHECK_FALSE(verify_inclusion(leaves[i], i, 77, proof, root));
    proof.pop_back();
    CHECK_FALSE(verify_inclusion(leaves[i], i, 77, proof, root));
  }
  CHECK_FALSE(verify_inclusion(leaves[0], 77, 77, {}, root));
  for (std::size_t m = 1; m < 77; m += 5) {
    CAPTURE(m);
    auto proof = tree.consistency_proof(m, 77);
    Hash wrong_old = tree.root(m);
    wrong_old[0] ^= 1;
    CHECK_FALSE(verify_consistency(m, 77, wrong_old, root, proof));
    CHECK_FALSE(verify_consistency(m + 1, 77, tree.root(m + 1), root, proof));
    CHECK_FALSE(verify_consistency(m, 78, tree.root(m), tree.root(78), proof));
    proof.front()[3] ^= 0x80;
    CHECK_FALSE(verify_consistency(m, 77, tree.root(m), root, proof));
  }
  CHECK_FALSE(verify_consistency(5, 4, tree.root(5), tree.root(4), {}));
}

TEST_CASE("a compact range restored from its peaks continues the same tree") {
  const auto leaves = make_leaves(300);
  CompactRange a;
  for (std::size_t i = 0; i < 123; ++i) a.append_leaf_hash(leaves[i]);
  auto b = CompactRange::from_peaks(a.size(), a.peaks());
  REQUIRE(b);
  for (std::size_t i = 123; i < 300; ++i) {
    a.append_leaf_hash(leaves[i]);
    b->append_leaf_hash(leaves[i]);
  }
  CHECK(a.root() == b->root());
  CHECK_FALSE(CompactRange::from_peaks(7, {}));
}

TEST_CASE("leaf and node hashes are SHA-256 over the prefixed bytes") {
  // Both are padded by hand for their fixed sizes (one and two blocks).
  std::mt19937 rng(9162);
  for (int i = 0; i < 50; ++i) {
    Hash a, b;
    for (auto& x : a) x = static_cast<std::uint8_t>(rng());
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    const std::uint8_t zero = 0x00, one = 0x01;
    CHECK(leaf_hash(a) == Sha256().update(std::span(&zero, 1)).update(a).finish());
    CHECK(node_hash(a, b) == Sha256().update(std::span(&one, 1)).update(a).update(b).finish());
    CHECK(leaf_hashes(a, b) == std::pair(leaf_hash(a), leaf_hash(b)));
  }
}
