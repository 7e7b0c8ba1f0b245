// The per-format codecs behind decode() and encode().
#pragma once

#include <cstdint>
#include <span>

#include "image_codec/codec.h"

namespace image_codec {

[[nodiscard]] bool has_png_signature(std::span<const std::uint8_t> file) noexcept;
[[nodiscard]] bool has_jpeg_signature(std::span<const std::uint8_t> file) noexcept;

[[nodiscard]] Result<Image> decode_png(std::span<const std::uint8_t> file);
[[nodiscard]] Result<Image> decode_jpeg(std::span<const std::uint8_t> file);

// `image` must have passed check_image().
[[nodiscard]] Result<Buffer> encode_png(const ImageView& image);
[[nodiscard]] Result<Buffer> encode_jpeg(const ImageView& image);

}  // namespace image_codec
