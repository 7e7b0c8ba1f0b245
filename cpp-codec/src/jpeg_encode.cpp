// 8-bit gray or RGB → baseline JFIF, quality 90, 4:2:0.
#include <jerror.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "errors.h"
#include "formats.h"
#include "guarded.h"
#include "jpeg_support.h"

namespace image_codec {

namespace {

constexpr int quality = 90;
// Rows handed to libjpeg per call: a row group of 4:2:0 (2 x 8 rows).
constexpr JDIMENSION rows_per_call = 16;

// The same parameters as `cjpeg -quality 90`, so that its output is a
// byte-exact reference for the tests.
void set_parameters(jpeg_compress_struct& info, const ImageView& image) {
  info.image_width = image.width;
  info.image_height = image.height;
  info.input_components = image.channels;
  info.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  // force_baseline: 8-bit quantisation tables, as baseline JPEG requires.
  jpeg_set_quality(&info, quality, TRUE);
  if (image.channels == 3) {
    // 4:2:0: full-resolution luma, chroma halved both ways. This is already
    // libjpeg's default for YCbCr, set here because the contract names it.
    const std::span components{info.comp_info, static_cast<std::size_t>(info.num_components)};
    for (jpeg_component_info& component : components) {
      const int factor = &component == components.data() ? 2 : 1;
      component.h_samp_factor = factor;
      component.v_samp_factor = factor;
    }
  }
}

// Owns the libjpeg state and the output of one encode; freed on success and
// error alike.
class Compressor {
 public:
  Compressor() noexcept {
    info_.err = init_jpeg_errors(errors_);
    info_.client_data = this;
    destination_.init_destination = init_destination;
    destination_.empty_output_buffer = empty_output_buffer;
    destination_.term_destination = term_destination;
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  Compressor(Compressor&&) = delete;
  Compressor& operator=(Compressor&&) = delete;
  // Safe even when jpeg_create_compress never ran or failed (see decode).
  ~Compressor() { jpeg_destroy_compress(&info_); }

  // The image was valid, so a libjpeg failure here is the work failing.
  [[nodiscard]] Error failure() const {
    return jpeg_failure(errors_, ErrorKind::processing_failed);
  }
  [[nodiscard]] Buffer take_output() noexcept { return std::move(output_); }

  [[nodiscard]] bool write(const ImageView& image) {
    const std::size_t stride = static_cast<std::size_t>(image.width) * image.channels;
    return run_guarded(errors_.jump, [this, &image, stride] {
      jpeg_create_compress(&info_);
      info_.dest = &destination_;
      set_parameters(info_, image);
      jpeg_start_compress(&info_, TRUE);
      // A whole 4:2:0 row group per call: libjpeg then converts and
      // downsamples the rows together; fed one at a time, the same encode
      // took a tenth longer (measured on the bench's 1080p image).
      std::array<JSAMPROW, rows_per_call> rows{};
      while (info_.next_scanline < info_.image_height) {
        const JDIMENSION count =
            std::min<JDIMENSION>(rows_per_call, info_.image_height - info_.next_scanline);
        std::size_t line = info_.next_scanline;
        for (JSAMPROW& row : std::span{rows}.first(count)) {
          // libjpeg reads the rows but its API predates const.
          // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast)
          row = const_cast<JSAMPLE*>(image.pixels.subspan(line++ * stride, stride).data());
        }
        jpeg_write_scanlines(&info_, rows.data(), count);
      }
      jpeg_finish_compress(&info_);
    });
  }

 private:
  [[nodiscard]] static Compressor& self(j_compress_ptr cinfo) noexcept {
    return *static_cast<Compressor*>(cinfo->client_data);
  }

  // Hands libjpeg the unused tail of the output buffer to fill.
  void expose_spare() noexcept {
    const std::span<std::uint8_t> spare = output_.spare();
    destination_.next_output_byte = spare.data();
    destination_.free_in_buffer = spare.size();
  }

  void grow_or_fail() {
    // A first guess that avoids most regrowth: quality 90 rarely takes more
    // than a quarter of the raw size.
    const std::size_t raw = static_cast<std::size_t>(info_.image_width) * info_.image_height *
                            static_cast<std::size_t>(info_.input_components);
    if (!output_.grow(output_.capacity() == 0 ? (raw / 4) + 4096 : output_.capacity())) {
      errors_.fail(JERR_OUT_OF_MEMORY, "out of memory for the encoded file");
    }
    expose_spare();
  }

  static void init_destination(j_compress_ptr cinfo) { self(cinfo).grow_or_fail(); }

  // Called when libjpeg has filled all of the tail it was given.
  static boolean empty_output_buffer(j_compress_ptr cinfo) {
    Compressor& compressor = self(cinfo);
    compressor.output_.commit(compressor.output_.spare().size());
    compressor.grow_or_fail();
    return TRUE;
  }

  static void term_destination(j_compress_ptr cinfo) {
    Compressor& compressor = self(cinfo);
    compressor.output_.commit(compressor.output_.spare().size() -
                              compressor.destination_.free_in_buffer);
  }

  JpegErrorState errors_;
  jpeg_destination_mgr destination_{};
  jpeg_compress_struct info_{};
  Buffer output_;
};

}  // namespace

Result<Buffer> encode_jpeg(const ImageView& image) {
  if (image.channels != 1 && image.channels != 3) {
    return invalid_format("jpeg: encodes 1 (gray) or 3 (RGB) channels, not " +
                          std::to_string(image.channels) +
                          ": JPEG has no alpha channel, drop it first");
  }
  Compressor jpeg;
  if (!jpeg.write(image)) {
    return std::unexpected{jpeg.failure()};
  }
  return jpeg.take_output();
}

}  // namespace image_codec
