// The component's exports (wit/codec.wit, world codec-component): converts
// between the generated bindings' types and the plain C++ codec API.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string_view>
#include <utility>

#include "codec_component_cpp.h"
#include "image_codec/codec.h"
#ifdef CODEC_TRAP_INJECTION
#include "trap_injection.h"
#endif

namespace wit_types = ::example::image_processing::types;
namespace wit_codec = ::exports::example::image_processing::codec;

namespace {

[[nodiscard]] wit_types::Error to_wit(const image_codec::Error& error) {
  switch (error.kind) {
    case image_codec::ErrorKind::invalid_format:
      return {wit_types::Error::InvalidFormat{wit::string::from_view(error.message)}};
    case image_codec::ErrorKind::processing_failed:
      return {wit_types::Error::ProcessingFailed{wit::string::from_view(error.message)}};
    case image_codec::ErrorKind::out_of_memory:
      break;
  }
  return {wit_types::Error::OutOfMemory{}};
}

// The canonical ABI frees a returned list with free(); Buffer's bytes come
// from malloc, so ownership passes over without a copy.
[[nodiscard]] wit::vector<std::uint8_t> to_wit(image_codec::Buffer buffer) {
  const std::size_t size = buffer.size();
  return {buffer.release(), size};
}

[[nodiscard]] std::span<const std::uint8_t> view(const wit::vector<std::uint8_t>& bytes) {
  return {bytes.data(), bytes.size()};
}

}  // namespace

std::expected<wit_types::Image, wit_types::Error> wit_codec::Decode(
    wit::vector<std::uint8_t> data) {
#ifdef CODEC_TRAP_INJECTION
  codec_trap::maybe_trap(view(data));
#endif
  auto image = image_codec::decode(view(data));
  if (!image) {
    return std::unexpected{to_wit(image.error())};
  }
  return wit_types::Image{.width = image->width,
                          .height = image->height,
                          .channels = image->channels,
                          .data = to_wit(std::move(image->pixels))};
}

// The signature is the generated bindings' (arguments by value).
// NOLINTBEGIN(performance-unnecessary-value-param)
std::expected<wit::vector<std::uint8_t>, wit_types::Error> wit_codec::Encode(wit_types::Image img,
                                                                             wit::string format) {
  // NOLINTEND(performance-unnecessary-value-param)
  const image_codec::ImageView image{
      .width = img.width, .height = img.height, .channels = img.channels, .pixels = view(img.data)};
  auto encoded = image_codec::encode(image, format.get_view());
  if (!encoded) {
    return std::unexpected{to_wit(encoded.error())};
  }
  return to_wit(std::move(*encoded));
}

wit::vector<wit_codec::FileFormat> wit_codec::SupportedFormats() {
  const std::span<const image_codec::FileFormat> formats = image_codec::supported_formats();
  auto result = wit::vector<wit_codec::FileFormat>::allocate(formats.size());
  for (std::size_t i = 0; i < formats.size(); ++i) {
    const image_codec::FileFormat& format = formats[i];
    auto extensions = wit::vector<wit::string>::allocate(format.extensions.size());
    for (std::size_t j = 0; j < format.extensions.size(); ++j) {
      extensions.initialize(j, wit::string::from_view(format.extensions[j]));
    }
    result.initialize(
        i, wit_codec::FileFormat{.name = wit::string::from_view(format.name),
                                 .extensions = std::move(extensions),
                                 .media_type = wit::string::from_view(format.media_type)});
  }
  return result;
}
