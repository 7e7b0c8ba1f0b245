// Fixture files, expected pixels and helpers shared by the tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <span>
#include <string_view>
#include <vector>

#include "image_codec/codec.h"

namespace test {

using Bytes = std::vector<std::uint8_t>;

// Set by main from the command line.
void set_directories(std::filesystem::path fixtures, std::filesystem::path encoded);

// The bytes of a fixture file (empty, with a test failure, if missing).
[[nodiscard]] Bytes fixture(std::string_view name);

// NAME.pixels: what a fixture must decode to (see make_fixtures.py).
struct Pixels {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  Bytes samples;

  [[nodiscard]] image_codec::ImageView view() const {
    return {.width = width, .height = height, .channels = channels, .pixels = samples};
  }
};
[[nodiscard]] Pixels expected_pixels(std::string_view name);

// Writes an encoder's output (and the pixels it encodes) for
// verify_encoded.py, which decodes it with Pillow.
void save_encoded(std::string_view name, std::span<const std::uint8_t> file, const Pixels& source);

[[nodiscard]] inline std::span<const std::uint8_t> bytes(const image_codec::Buffer& buffer) {
  return buffer.bytes();
}

// Decodes and checks width, height, channels and every sample.
void expect_decodes_to(std::string_view file, std::string_view pixels);

// Largest difference between two equally long sample arrays, and the mean.
struct Difference {
  int max = 0;
  double mean = 0;
};
[[nodiscard]] Difference difference(std::span<const std::uint8_t> a,
                                    std::span<const std::uint8_t> b);

// PNG chunks are CRC-protected: after patching a fixture, restore the CRC of
// the chunk whose type starts at `type_offset`.
void fix_png_crc(Bytes& png, std::size_t type_offset);

// Offset of the first occurrence of `marker` (two bytes) in a JPEG file.
[[nodiscard]] std::size_t find_marker(std::span<const std::uint8_t> jpeg, std::uint8_t marker);

// Tracks the largest single allocation while alive, to prove that an
// oversized header is refused before the pixels are allocated. Needs
// AddressSanitizer's allocator hooks; available() is false without them.
class AllocationProbe {
 public:
  AllocationProbe();
  AllocationProbe(const AllocationProbe&) = delete;
  AllocationProbe& operator=(const AllocationProbe&) = delete;
  AllocationProbe(AllocationProbe&&) = delete;
  AllocationProbe& operator=(AllocationProbe&&) = delete;
  ~AllocationProbe();
  [[nodiscard]] static bool available();
  [[nodiscard]] static std::size_t largest();
};

}  // namespace test

namespace image_codec {
std::ostream& operator<<(std::ostream& out, ErrorKind kind);
}  // namespace image_codec
