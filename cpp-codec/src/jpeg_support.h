// What the JPEG decoder and encoder share: an error manager that never
// prints or exits, treats warnings as errors and turns every failure into an
// Error.
#pragma once

// jpeglib.h expects size_t and FILE to be declared already.
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <array>
#include <csetjmp>
#include <string_view>

#include "image_codec/codec.h"

namespace image_codec {

// Must be the error manager of exactly one libjpeg struct and outlive it.
struct JpegErrorState {
  // First member: the handlers get back to this struct from cinfo->err.
  jpeg_error_mgr manager{};
  // run_guarded's target for every failure.
  std::jmp_buf jump{};
  // libjpeg's message code (J_MESSAGE_CODE), 0 for the codec's own errors.
  int code = 0;
  std::array<char, JMSG_LENGTH_MAX> message{};

  // Records a failure (libjpeg's or the codec's own) and jumps to `jump`.
  [[noreturn]] void fail(int message_code, std::string_view text);
};

// Sets up `state.manager` and returns it, for cinfo.err.
[[nodiscard]] jpeg_error_mgr* init_jpeg_errors(JpegErrorState& state) noexcept;

// The error a failed libjpeg call leaves: out_of_memory for allocation
// failures and images over libjpeg's own size limits, else `kind` with
// libjpeg's message.
[[nodiscard]] Error jpeg_failure(const JpegErrorState& state, ErrorKind kind);

}  // namespace image_codec
