#include "png_support.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "errors.h"
#include "formats.h"

namespace image_codec {

namespace {

[[nodiscard]] PngErrorState& state_of_errors(png_structp png) {
  return *static_cast<PngErrorState*>(png_get_error_ptr(png));
}

[[nodiscard]] PngErrorState& state_of_memory(png_structp png) {
  return *static_cast<PngErrorState*>(png_get_mem_ptr(png));
}

// libpng prints and aborts if an error handler returns, so this one jumps
// back to the caller's run_guarded.
[[noreturn]] void on_error(png_structp png, png_const_charp message) {
  PngErrorState& state = state_of_errors(png);
  const std::string_view text{message != nullptr ? message : "unknown libpng error"};
  const std::size_t length = std::min(text.size(), state.message.size() - 1);
  std::copy_n(text.begin(), length, state.message.begin());
  state.message.at(length) = '\0';
  png_longjmp(png, 1);
}

// Warnings only concern ancillary data, which decode ignores; a library in
// a component must not write to stderr.
void on_warning(png_structp /*png*/, png_const_charp /*message*/) {}

// libpng's allocations (zlib's included) go through here so that a failed
// one is reported as out-of-memory rather than as libpng's generic message.
png_voidp on_malloc(png_structp png, png_alloc_size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory): libpng's allocator
  void* memory = std::malloc(size);
  if (memory == nullptr) {
    state_of_memory(png).out_of_memory = true;
  }
  return memory;
}

void on_free(png_structp /*png*/, png_voidp memory) {
  std::free(memory);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
}

}  // namespace

png_structp create_png_reader(PngErrorState& state) noexcept {
  return png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning, &state,
                                  on_malloc, on_free);
}

png_structp create_png_writer(PngErrorState& state) noexcept {
  return png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning, &state,
                                   on_malloc, on_free);
}

Error png_failure(const PngErrorState& state, ErrorKind kind) {
  if (state.out_of_memory) {
    return Error{.kind = ErrorKind::out_of_memory, .message = {}};
  }
  return make_error(kind, std::string{"png: "} + state.message.data());
}

bool has_png_signature(std::span<const std::uint8_t> file) noexcept {
  return file.size() >= png_signature.size() &&
         std::ranges::equal(file.first(png_signature.size()), png_signature);
}

}  // namespace image_codec
