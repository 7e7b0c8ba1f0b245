// The limits of wit/types.wit, shared by decode (header checks) and encode
// (image record checks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>

#include "image_codec/codec.h"

namespace image_codec {

inline constexpr std::uint32_t max_dimension = 16384;
inline constexpr std::uint64_t max_pixels = 67'108'864;  // 64 Mi
inline constexpr std::uint8_t max_channels = 4;

// Whether width x height fits the pixel limits; both must also be at least 1
// for a valid image, which callers check where it applies.
[[nodiscard]] constexpr bool within_limits(std::uint64_t width, std::uint64_t height) noexcept {
  return width <= max_dimension && height <= max_dimension && width * height <= max_pixels;
}

// Bytes of an 8-bit image already known to be within the limits (fits in
// size_t even on wasm32: at most 256 MiB).
[[nodiscard]] constexpr std::size_t image_bytes(std::uint32_t width, std::uint32_t height,
                                                std::uint8_t channels) noexcept {
  return static_cast<std::size_t>(width) * height * channels;
}

// Checks an image record before any work: zero width or height, channels
// outside 1..=4 or a data length other than width x height x channels yield
// invalid_format; dimensions over the limits yield out_of_memory.
[[nodiscard]] std::expected<void, Error> check_image(const ImageView& image);

}  // namespace image_codec
