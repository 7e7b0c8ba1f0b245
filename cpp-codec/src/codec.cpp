#include "image_codec/codec.h"

#include <algorithm>
#include <array>
#include <string>

#include "errors.h"
#include "formats.h"
#include "image_check.h"

namespace image_codec {

namespace {

using namespace std::string_view_literals;

constexpr std::array png_extensions{"png"sv};
constexpr std::array jpeg_extensions{"jpg"sv, "jpeg"sv};
constexpr std::array formats{
    FileFormat{.name = "png"sv, .extensions = png_extensions, .media_type = "image/png"sv},
    FileFormat{.name = "jpeg"sv, .extensions = jpeg_extensions, .media_type = "image/jpeg"sv},
};

// The format `name` names: its name or one of its extensions.
const FileFormat* find_format(std::string_view name) noexcept {
  for (const FileFormat& format : formats) {
    if (format.name == name ||
        std::ranges::find(format.extensions, name) != format.extensions.end()) {
      return &format;
    }
  }
  return nullptr;
}

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
  const FileFormat* found = find_format(format);
  if (found == nullptr) {
    return invalid_format("unsupported format \"" + std::string{format} +
                          "\": expected png, jpeg or jpg (lower case)");
  }
  return found->name == "png" ? encode_png(image) : encode_jpeg(image);
}

std::span<const FileFormat> supported_formats() noexcept { return formats; }

}  // namespace image_codec
