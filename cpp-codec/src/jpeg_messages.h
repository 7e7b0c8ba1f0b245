// libjpeg's message texts, formatted without printf.
//
// libjpeg's own formatter calls snprintf, and on wasm32 that links
// wasi-libc's printf core, whose long-double stub writes to stderr: the
// component would import WASI streams for a path it never takes. jerror.h
// only uses %d, %u, %x, %c and %s with an optional 0 flag and width, which
// this formats directly.
#pragma once

// jpeglib.h expects size_t and FILE to be declared already.
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <span>

namespace image_codec {

// The table for jpeg_error_mgr::jpeg_message_table and its last valid code.
[[nodiscard]] const char* const* jpeg_message_table() noexcept;
[[nodiscard]] int jpeg_last_message_code() noexcept;

// Formats the message of manager.msg_code with manager.msg_parm into `out`,
// NUL-terminated and truncated to fit.
void format_jpeg_message(const jpeg_error_mgr& manager,
                         std::span<char, JMSG_LENGTH_MAX> out) noexcept;

}  // namespace image_codec
