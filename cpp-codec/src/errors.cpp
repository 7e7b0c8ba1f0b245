#include "errors.h"

#include <cstddef>
#include <string>

namespace image_codec {

namespace {

constexpr std::size_t max_message_length = 240;

[[nodiscard]] constexpr bool printable_ascii(char c) noexcept { return c >= ' ' && c <= '~'; }

}  // namespace

Error make_error(ErrorKind kind, std::string_view message) {
  const bool cut = message.size() > max_message_length;
  std::string text{message.substr(0, max_message_length)};
  for (char& c : text) {
    if (!printable_ascii(c)) {
      c = '?';
    }
  }
  if (cut) {
    text += "...";
  }
  return Error{.kind = kind, .message = std::move(text)};
}

}  // namespace image_codec
