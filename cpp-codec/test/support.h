// Helpers shared by the tests: encoder output for verify_encoded.py, sample
// comparison, PNG/JPEG byte surgery and the allocation probe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <span>
#include <string_view>

#include "golden.h"
#include "image_codec/codec.h"

namespace test {

// Set by main from the command line.
void set_encoded_directory(std::filesystem::path directory);

// Writes an encoder's output (and the pixels it encodes) for
// verify_encoded.py, which decodes it with Pillow.
void save_encoded(std::string_view name, std::span<const std::uint8_t> file,
                  const image_codec::ImageView& source);

[[nodiscard]] inline image_codec::ImageView view(const image_codec::Image& image) {
  return {.width = image.width,
          .height = image.height,
          .channels = image.channels,
          .pixels = image.pixels.bytes()};
}

// Largest difference between two equally long sample arrays, and the mean.
struct Difference {
  int max = 0;
  double mean = 0;
};
[[nodiscard]] Difference difference(std::span<const std::uint8_t> a,
                                    std::span<const std::uint8_t> b);

// PNG chunks are CRC-protected: after patching a file, restore the CRC of
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
