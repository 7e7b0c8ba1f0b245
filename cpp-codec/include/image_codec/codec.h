// PNG and JPEG decoding and encoding, independent of any component bindings:
// the wasm component (src/component_exports.cpp) and the native tests call
// exactly this API. The behaviour is the contract in wit/codec.wit.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "image_codec/buffer.h"

namespace image_codec {

// The cases of `error` in wit/types.wit.
enum class ErrorKind : std::uint8_t {
  invalid_format,
  processing_failed,
  out_of_memory,
};

struct Error {
  ErrorKind kind;
  // What went wrong, printable ASCII; empty for out_of_memory.
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// A decoded image: rows top to bottom, channels interleaved (1 gray,
// 2 gray + alpha, 3 RGB, 4 RGBA), 8 bits per sample.
struct Image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  Buffer pixels;
};

// An image to encode; the pixels stay owned by the caller.
struct ImageView {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  std::span<const std::uint8_t> pixels;
};

// Decodes a PNG or JPEG file, recognised by its signature.
[[nodiscard]] Result<Image> decode(std::span<const std::uint8_t> file);

// A format the codec reads and writes (wit/codec.wit, `file-format`).
struct FileFormat {
  std::string_view name;
  // Lower case, without the dot; the first is the one to give a new file.
  std::span<const std::string_view> extensions;
  std::string_view media_type;
};

// Encodes `image` as `format`: a name or an extension of supported_formats().
[[nodiscard]] Result<Buffer> encode(const ImageView& image, std::string_view format);

// Every format, PNG first: the one list of them in the project, which hosts
// read through the component's `supported-formats`.
[[nodiscard]] std::span<const FileFormat> supported_formats() noexcept;

}  // namespace image_codec
