#include "sha256.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <string_view>

namespace test {

namespace {

constexpr std::array<std::uint32_t, 64> round_constants{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

using State = std::array<std::uint32_t, 8>;
using Block = std::span<const std::uint8_t, 64>;

void compress(State& state, Block block) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t i = 0; i < 16; ++i) {
    w.at(i) = std::uint32_t{block[4 * i]} << 24U | std::uint32_t{block[(4 * i) + 1]} << 16U |
              std::uint32_t{block[(4 * i) + 2]} << 8U | std::uint32_t{block[(4 * i) + 3]};
  }
  for (std::size_t i = 16; i < 64; ++i) {
    const std::uint32_t s0 =
        std::rotr(w.at(i - 15), 7) ^ std::rotr(w.at(i - 15), 18) ^ (w.at(i - 15) >> 3U);
    const std::uint32_t s1 =
        std::rotr(w.at(i - 2), 17) ^ std::rotr(w.at(i - 2), 19) ^ (w.at(i - 2) >> 10U);
    w.at(i) = w.at(i - 16) + s0 + w.at(i - 7) + s1;
  }
  auto [a, b, c, d, e, f, g, h] = state;
  for (std::size_t i = 0; i < 64; ++i) {
    const std::uint32_t t1 = h + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25)) +
                             ((e & f) ^ (~e & g)) + round_constants.at(i) + w.at(i);
    const std::uint32_t t2 =
        (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  const State added{a, b, c, d, e, f, g, h};
  for (std::size_t i = 0; i < state.size(); ++i) {
    state.at(i) += added.at(i);
  }
}

}  // namespace

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
  State state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::size_t done = 0;
  for (; done + 64 <= bytes.size(); done += 64) {
    compress(state, bytes.subspan(done).first<64>());
  }
  // The tail, 0x80, zeros and the bit length (big-endian) in one or two blocks.
  std::array<std::uint8_t, 128> tail{};
  const std::size_t rest = bytes.size() - done;
  std::ranges::copy(bytes.subspan(done), tail.begin());
  tail.at(rest) = 0x80;
  const std::size_t blocks = rest + 1 + 8 <= 64 ? 1 : 2;
  const std::uint64_t bits = std::uint64_t{bytes.size()} * 8;
  for (std::size_t i = 0; i < 8; ++i) {
    tail.at((blocks * 64) - 1 - i) = static_cast<std::uint8_t>(bits >> (8 * i));
  }
  for (std::size_t i = 0; i < blocks; ++i) {
    compress(state, std::span{tail}.subspan(i * 64).first<64>());
  }
  constexpr std::string_view hex = "0123456789abcdef";
  std::string digest;
  for (const std::uint32_t word : state) {
    for (int shift = 28; shift >= 0; shift -= 4) {
      digest += hex[(word >> static_cast<unsigned>(shift)) & 0xFU];
    }
  }
  return digest;
}

}  // namespace test
