#include "image_check.h"

#include <string>

#include "errors.h"

namespace image_codec {

namespace {

[[nodiscard]] std::string dimensions(const ImageView& image) {
  return std::to_string(image.width) + "x" + std::to_string(image.height) + "x" +
         std::to_string(image.channels);
}

}  // namespace

std::expected<void, Error> check_image(const ImageView& image) {
  if (image.width == 0 || image.height == 0) {
    return invalid_format("image record: width and height must be at least 1, got " +
                          dimensions(image));
  }
  if (image.channels == 0 || image.channels > max_channels) {
    return invalid_format("image record: channels must be 1 to 4, got " +
                          std::to_string(image.channels));
  }
  // A malformed record is reported as such before its size is judged, so the
  // length is computed without assuming the limits hold: width x height x
  // channels can exceed 64 bits.
  std::uint64_t expected = 0;
  const bool overflow =
      __builtin_mul_overflow(static_cast<std::uint64_t>(image.width), image.height, &expected) ||
      __builtin_mul_overflow(expected, image.channels, &expected);
  if (overflow || image.pixels.size() != expected) {
    return invalid_format("image record: data has " + std::to_string(image.pixels.size()) +
                          " bytes, expected " + dimensions(image) + " = " +
                          (overflow ? std::string{"more than 2^64"} : std::to_string(expected)));
  }
  if (!within_limits(image.width, image.height)) {
    return out_of_memory();
  }
  return {};
}

}  // namespace image_codec
