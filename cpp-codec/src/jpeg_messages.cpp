#include "jpeg_messages.h"

#include <jerror.h>
// JVERSION and JCOPYRIGHT_SHORT, which two entries of the table quote.
#include <jversion.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

namespace image_codec {

namespace {

// jerror.h is written to be included again with JMESSAGE defined, yielding
// the texts in J_MESSAGE_CODE order; the codec keeps this copy instead of
// calling jpeg_std_error(), whose default handlers print to stderr and call
// exit().
// NOLINTNEXTLINE(cppcoreguidelines-macro-usage): jerror.h's X-macro protocol.
#define JMESSAGE(code, string) string,
constexpr std::array message_table{
#include <jerror.h>
    static_cast<const char*>(nullptr)};
#undef JMESSAGE

// Appends to a fixed buffer, silently dropping what does not fit (one byte
// stays reserved for the terminating NUL).
class MessageWriter {
 public:
  explicit MessageWriter(std::span<char> out) noexcept : out_{out} {}

  void put(char c) noexcept {
    if (length_ + 1 < out_.size()) {
      out_[length_++] = c;
    }
  }

  void put(std::string_view text) noexcept {
    for (const char c : text) {
      put(c);
    }
  }

  // printf's %[0][width]{d,u,x}.
  template <class Integer>
  void put_number(Integer value, int base, std::size_t width, bool zero_pad) noexcept {
    std::array<char, 24> digits{};
    const std::span<char> room{digits};
    const auto [end, error] = std::to_chars(room.data(), room.data() + room.size(), value, base);
    std::string_view text{room.data(), error == std::errc{} ? end : room.data()};
    const bool negative = text.starts_with('-');
    if (negative && zero_pad) {
      put('-');
      text.remove_prefix(1);
    }
    const std::size_t shown = text.size() + (negative && zero_pad ? 1 : 0);
    for (std::size_t pad = shown; pad < width; ++pad) {
      put(zero_pad ? '0' : ' ');
    }
    put(text);
  }

  void terminate() noexcept {
    if (!out_.empty()) {
      out_[length_] = '\0';
    }
  }

 private:
  std::span<char> out_;
  std::size_t length_ = 0;
};

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

const char* const* jpeg_message_table() noexcept { return message_table.data(); }

int jpeg_last_message_code() noexcept { return static_cast<int>(message_table.size()) - 2; }

void format_jpeg_message(const jpeg_error_mgr& manager,
                         std::span<char, JMSG_LENGTH_MAX> out) noexcept {
  const int code = manager.msg_code;
  const bool known = code > 0 && code <= jpeg_last_message_code();
  // Entry 0 is "Bogus message code %d", filled with the code itself.
  const std::string_view text{message_table.at(known ? static_cast<std::size_t>(code) : 0)};
  // msg_parm is a union: the message text says which member holds data.
  const std::span<const int, 8> ints{manager.msg_parm.i};  // NOLINT(*-pro-type-union-access)
  std::size_t next_int = 0;
  const auto next_value = [&]() noexcept {
    if (!known) {
      return code;
    }
    return next_int < ints.size() ? ints[next_int++] : 0;
  };

  MessageWriter writer{out};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' || i + 1 == text.size()) {
      writer.put(text[i]);
      continue;
    }
    ++i;
    const bool zero_pad = text[i] == '0';
    std::size_t width = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      width = (width * 10) + static_cast<std::size_t>(text[i] - '0');
    }
    if (i == text.size()) {
      break;
    }
    switch (text[i]) {
      case 's': {
        // Up to JMSG_STR_PARM_MAX bytes, NUL-terminated only when shorter.
        const std::span<const char> parameter{manager.msg_parm.s};  // NOLINT(*-union-access)
        writer.put(std::string_view{parameter.begin(), std::ranges::find(parameter, '\0')});
        break;
      }
      case 'c':
        writer.put(static_cast<char>(next_value()));
        break;
      case 'x':
        writer.put_number(static_cast<unsigned>(next_value()), 16, width, zero_pad);
        break;
      case 'u':
        writer.put_number(static_cast<unsigned>(next_value()), 10, width, zero_pad);
        break;
      case 'd':
        writer.put_number(next_value(), 10, width, zero_pad);
        break;
      default:  // "%%" and anything jerror.h does not use: printed as is
        writer.put(text[i]);
        break;
    }
  }
  writer.terminate();
}

}  // namespace image_codec
