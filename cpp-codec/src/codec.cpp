#include "image_codec/codec.h"

#include <array>
#include <string>

#include "errors.h"
#include "formats.h"
#include "image_check.h"

namespace image_codec {

namespace {

using namespace std::string_view_literals;

constexpr std::array formats{"png"sv, "jpeg"sv, "jpg"sv};

}  // namespace

Result<Image> decode(std::span<const std::uint8_t> file) {
  if (file.empty()) {
    return invalid_format("empty input: expected a PNG or JPEG file");
  }
  if (has_png_signature(file)) {
    return decode_png(file);
  }
  if (has_jpeg_signature(file)) {
    return decode_jpeg(file);
  }
  return invalid_format("unrecognised data: neither a PNG nor a JPEG signature");
}

Result<Buffer> encode(const ImageView& image, std::string_view format) {
  if (auto checked = check_image(image); !checked) {
    return std::unexpected{std::move(checked.error())};
  }
  if (format == "png") {
    return encode_png(image);
  }
  if (format == "jpeg" || format == "jpg") {
    return encode_jpeg(image);
  }
  return invalid_format("unsupported format \"" + std::string{format} +
                        "\": expected png, jpeg or jpg (lower case)");
}

std::span<const std::string_view> supported_formats() noexcept { return formats; }

}  // namespace image_codec
