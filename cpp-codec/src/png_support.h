// What the PNG reader and writer share: libpng structs created with error,
// warning and memory handlers that never print, never exit and turn every
// failure into an Error.
#pragma once

#include <png.h>

#include <array>
#include <span>

#include "image_codec/codec.h"

namespace image_codec {

// Filled in by the handlers; must outlive the libpng struct it is bound to.
struct PngErrorState {
  std::array<char, 256> message{};
  bool out_of_memory = false;
};

// Both return null when memory is exhausted. Errors raised inside libpng
// longjmp to png_jmpbuf(png), which the caller sets with run_guarded before
// anything that can fail.
[[nodiscard]] png_structp create_png_reader(PngErrorState& state) noexcept;
[[nodiscard]] png_structp create_png_writer(PngErrorState& state) noexcept;

// The error a failed libpng call leaves: out_of_memory when an allocation
// failed, else `kind` with libpng's message.
[[nodiscard]] Error png_failure(const PngErrorState& state, ErrorKind kind);

// The 8-byte PNG signature.
inline constexpr std::array<png_byte, 8> png_signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

}  // namespace image_codec
