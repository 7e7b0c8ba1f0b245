#include "jpeg_support.h"

#include <jerror.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include "errors.h"
#include "formats.h"
#include "jpeg_messages.h"

namespace image_codec {

namespace {

static_assert(std::is_standard_layout_v<JpegErrorState>);
static_assert(offsetof(JpegErrorState, manager) == 0);

[[nodiscard]] JpegErrorState& state_of(j_common_ptr cinfo) noexcept {
  // manager is the first member of a standard-layout struct, so the two
  // pointers are interconvertible.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  return *reinterpret_cast<JpegErrorState*>(cinfo->err);
}

void format_message(j_common_ptr cinfo, char* buffer) {
  format_jpeg_message(*cinfo->err, std::span<char, JMSG_LENGTH_MAX>{buffer, JMSG_LENGTH_MAX});
}

[[noreturn]] void error_exit(j_common_ptr cinfo) {
  JpegErrorState& state = state_of(cinfo);
  std::array<char, JMSG_LENGTH_MAX> text{};
  format_jpeg_message(*cinfo->err, text);
  state.fail(cinfo->err->msg_code, text.data());
}

// Level -1 is a warning about corrupt data that libjpeg would paper over
// (with grey pixels for a truncated scan, for instance); the contract wants
// such files refused, so a warning fails the call like an error. Levels 0
// and up are trace messages, dropped.
void emit_message(j_common_ptr cinfo, int msg_level) {
  if (msg_level < 0) {
    error_exit(cinfo);
  }
}

// Nothing may be printed from inside a component.
void output_message(j_common_ptr /*cinfo*/) {}

void reset_error_mgr(j_common_ptr cinfo) {
  cinfo->err->num_warnings = 0;
  cinfo->err->msg_code = 0;
}

}  // namespace

void JpegErrorState::fail(int message_code, std::string_view text) {
  code = message_code;
  const std::size_t length = std::min(text.size(), message.size() - 1);
  std::copy_n(text.begin(), length, message.begin());
  message.at(length) = '\0';
  // NOLINTNEXTLINE(cert-err52-cpp,modernize-avoid-setjmp-longjmp): to run_guarded
  std::longjmp(jump, 1);
}

jpeg_error_mgr* init_jpeg_errors(JpegErrorState& state) noexcept {
  jpeg_error_mgr& manager = state.manager;
  manager.error_exit = error_exit;
  manager.emit_message = emit_message;
  manager.output_message = output_message;
  manager.format_message = format_message;
  manager.reset_error_mgr = reset_error_mgr;
  manager.trace_level = 0;
  manager.num_warnings = 0;
  manager.msg_code = 0;
  manager.jpeg_message_table = jpeg_message_table();
  manager.last_jpeg_message = jpeg_last_message_code();
  manager.addon_message_table = nullptr;
  manager.first_addon_message = 0;
  manager.last_addon_message = 0;
  return &manager;
}

Error jpeg_failure(const JpegErrorState& state, ErrorKind kind) {
  switch (state.code) {
    case JERR_OUT_OF_MEMORY:
    // Dimensions libjpeg cannot handle are far over the contract's limits.
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
      return Error{.kind = ErrorKind::out_of_memory, .message = {}};
    default:
      return make_error(kind, std::string{"jpeg: "} + state.message.data());
  }
}

bool has_jpeg_signature(std::span<const std::uint8_t> file) noexcept {
  // SOI followed by the start of the next marker.
  return file.size() >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF;
}

}  // namespace image_codec
