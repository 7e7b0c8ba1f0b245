// Building the error values of wit/types.wit.
#pragma once

#include <expected>
#include <string_view>

#include "image_codec/codec.h"

namespace image_codec {

// Messages cross the component boundary as WIT strings, which must be valid
// UTF-8 or the host traps; library messages may quote bytes from the file.
// So every message is reduced to printable ASCII and bounded in length.
[[nodiscard]] Error make_error(ErrorKind kind, std::string_view message);

[[nodiscard]] inline std::unexpected<Error> invalid_format(std::string_view message) {
  return std::unexpected{make_error(ErrorKind::invalid_format, message)};
}

[[nodiscard]] inline std::unexpected<Error> processing_failed(std::string_view message) {
  return std::unexpected{make_error(ErrorKind::processing_failed, message)};
}

[[nodiscard]] inline std::unexpected<Error> out_of_memory() {
  return std::unexpected{Error{.kind = ErrorKind::out_of_memory, .message = {}}};
}

}  // namespace image_codec
