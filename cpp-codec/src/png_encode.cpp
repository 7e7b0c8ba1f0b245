// 8-bit gray, gray + alpha, RGB or RGBA → PNG (lossless, not interlaced).
#include <png.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "errors.h"
#include "formats.h"
#include "guarded.h"
#include "png_support.h"

namespace image_codec {

namespace {

constexpr std::array<int, 5> color_types{-1, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                         PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};

// Owns the libpng state of one encode; freed on success and error alike.
class Writer {
 public:
  Writer() noexcept : png_{create_png_writer(errors_)} {
    if (png_ != nullptr) {
      info_ = png_create_info_struct(png_);
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  Writer(Writer&&) = delete;
  Writer& operator=(Writer&&) = delete;
  ~Writer() { png_destroy_write_struct(&png_, &info_); }

  [[nodiscard]] bool created() const noexcept { return png_ != nullptr && info_ != nullptr; }
  // The image was valid, so a libpng failure here is the work failing.
  [[nodiscard]] Error failure() const { return png_failure(errors_, ErrorKind::processing_failed); }
  [[nodiscard]] Buffer take_output() noexcept { return std::move(output_); }

  [[nodiscard]] bool write(const ImageView& image) {
    // A first guess that avoids most regrowth: deflate rarely does worse
    // than half of the raw size on photographs, far better on graphics.
    const std::size_t stride = static_cast<std::size_t>(image.width) * image.channels;
    if (!output_.grow((image.pixels.size() / 2) + 1024)) {
      errors_.out_of_memory = true;
      return false;
    }
    return run_guarded(png_jmpbuf(png_), [this, &image, stride] {
      png_set_write_fn(png_, this, write_to_output, flush_output);
      png_set_IHDR(png_, info_, image.width, image.height, 8, color_types.at(image.channels),
                   PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
      png_write_info(png_, info_);
      for (std::uint32_t y = 0; y < image.height; ++y) {
        png_write_row(png_, image.pixels.subspan(y * stride, stride).data());
      }
      png_write_end(png_, nullptr);
    });
  }

 private:
  static void write_to_output(png_structp png, png_bytep bytes, std::size_t length) {
    Writer& writer = *static_cast<Writer*>(png_get_io_ptr(png));
    if (!writer.output_.append({bytes, length})) {
      writer.errors_.out_of_memory = true;
      png_error(png, "out of memory for the encoded file");
    }
  }

  // The output is memory: nothing to flush.
  static void flush_output(png_structp /*png*/) {}

  PngErrorState errors_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
  Buffer output_;
};

}  // namespace

Result<Buffer> encode_png(const ImageView& image) {
  Writer writer;
  if (!writer.created()) {
    return out_of_memory();
  }
  if (!writer.write(image)) {
    return std::unexpected{writer.failure()};
  }
  return writer.take_output();
}

}  // namespace image_codec
