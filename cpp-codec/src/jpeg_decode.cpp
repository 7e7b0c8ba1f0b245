// JPEG → 8-bit gray or RGB, as wit/codec.wit specifies.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "errors.h"
#include "formats.h"
#include "guarded.h"
#include "image_check.h"
#include "jpeg_support.h"

namespace image_codec {

namespace {

// A progressive file may legally hold any number of scans, and each one
// re-reads the whole image: a few hundred bytes of tiny scans can cost
// minutes of CPU. Real encoders write about ten; 500 is the limit of
// TurboJPEG's TJFLAG_LIMITSCANS, libjpeg-turbo's own guard against this.
constexpr int max_scans = 500;
// A literal: the monitor runs inside libjpeg and must not build a std::string
// that a longjmp would leak.
constexpr std::string_view too_many_scans =
    "more than 500 scans: corrupt or hostile progressive file";

// Huffman coding spends at least one bit per block on the DC coefficients of
// every component a scan carries, and a file the codec accepts has such a
// scan for at least one component. So a Huffman-coded file of fewer bytes
// than (the fewest blocks of any component) / 8 cannot hold its image.
// Arithmetic coding has no such floor.
constexpr std::uint64_t min_blocks_per_byte = 8;

// Owns the libjpeg state of one decode; freed on success and error alike.
class Decompressor {
 public:
  explicit Decompressor(std::span<const std::uint8_t> file) noexcept : file_{file} {
    info_.err = init_jpeg_errors(errors_);
    info_.client_data = this;
    progress_.progress_monitor = limit_scans;
  }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  Decompressor(Decompressor&&) = delete;
  Decompressor& operator=(Decompressor&&) = delete;
  // Safe even when jpeg_create_decompress never ran or failed: the struct
  // starts zeroed, and libjpeg frees nothing while its memory manager is null.
  ~Decompressor() { jpeg_destroy_decompress(&info_); }

  [[nodiscard]] Error failure() const { return jpeg_failure(errors_, ErrorKind::invalid_format); }

  [[nodiscard]] bool read_header() {
    return run_guarded(errors_.jump, [this] {
      jpeg_create_decompress(&info_);
      info_.progress = &progress_;
      jpeg_mem_src(&info_, file_.data(), static_cast<unsigned long>(file_.size()));
      jpeg_read_header(&info_, TRUE);
    });
  }

  [[nodiscard]] std::uint32_t width() const noexcept { return info_.image_width; }
  [[nodiscard]] std::uint32_t height() const noexcept { return info_.image_height; }
  [[nodiscard]] J_COLOR_SPACE color_space() const noexcept { return info_.jpeg_color_space; }
  [[nodiscard]] bool huffman_coded() const noexcept { return info_.arith_code == FALSE; }

  // The DCT blocks of the component that has the fewest (libjpeg sizes the
  // components when it reads the first SOS, within jpeg_read_header).
  [[nodiscard]] std::uint64_t fewest_blocks() const noexcept {
    const std::span<const jpeg_component_info> components{
        info_.comp_info, static_cast<std::size_t>(info_.num_components)};
    std::uint64_t fewest = UINT64_MAX;
    for (const jpeg_component_info& component : components) {
      fewest =
          std::min(fewest, std::uint64_t{component.width_in_blocks} * component.height_in_blocks);
    }
    return fewest;
  }

  // Allocates libjpeg's working memory (whole-image coefficient buffers for
  // progressive files) and, for progressive files, reads every scan.
  [[nodiscard]] bool start(J_COLOR_SPACE output) {
    return run_guarded(errors_.jump, [this, output] {
      info_.out_color_space = output;
      jpeg_start_decompress(&info_);
    });
  }

  [[nodiscard]] std::uint32_t output_width() const noexcept { return info_.output_width; }
  [[nodiscard]] std::uint32_t output_height() const noexcept { return info_.output_height; }
  [[nodiscard]] int output_components() const noexcept { return info_.output_components; }

  // Fills `pixels` (output_height() rows) and reads on to EOI, so that a
  // truncated file fails instead of ending in grey.
  [[nodiscard]] bool read_pixels(std::span<std::uint8_t> pixels) {
    return run_guarded(errors_.jump, [this, pixels] {
      const std::size_t stride = static_cast<std::size_t>(info_.output_width) *
                                 static_cast<std::size_t>(info_.output_components);
      while (info_.output_scanline < info_.output_height) {
        JSAMPROW row = pixels.subspan(info_.output_scanline * stride, stride).data();
        jpeg_read_scanlines(&info_, &row, 1);
      }
      jpeg_finish_decompress(&info_);
    });
  }

 private:
  static void limit_scans(j_common_ptr cinfo) {
    Decompressor& self = *static_cast<Decompressor*>(cinfo->client_data);
    if (self.info_.input_scan_number > max_scans) {
      self.errors_.fail(0, too_many_scans);
    }
  }

  std::span<const std::uint8_t> file_;
  JpegErrorState errors_;
  jpeg_progress_mgr progress_{};
  jpeg_decompress_struct info_{};
};

// gray → 1 channel; YCbCr (and the rare RGB JPEG) → 3 channels of RGB.
struct Output {
  J_COLOR_SPACE color_space;
  std::uint8_t channels;
};

[[nodiscard]] std::expected<Output, Error> output_for(J_COLOR_SPACE color_space) {
  switch (color_space) {
    case JCS_GRAYSCALE:
      return Output{.color_space = JCS_GRAYSCALE, .channels = 1};
    case JCS_YCbCr:
    case JCS_RGB:
      return Output{.color_space = JCS_RGB, .channels = 3};
    case JCS_CMYK:
    case JCS_YCCK:
      return invalid_format("jpeg: CMYK and YCCK JPEGs are not supported");
    default:
      return invalid_format("jpeg: unsupported colour space (" +
                            std::to_string(static_cast<int>(color_space)) + ")");
  }
}

}  // namespace

Result<Image> decode_jpeg(std::span<const std::uint8_t> file) {
  Decompressor jpeg{file};
  if (!jpeg.read_header()) {
    return std::unexpected{jpeg.failure()};
  }
  const auto output = output_for(jpeg.color_space());
  if (!output) {
    return std::unexpected{output.error()};
  }
  // Judged on the header, before start() allocates anything image-sized.
  if (!within_limits(jpeg.width(), jpeg.height())) {
    return out_of_memory();
  }
  // Also before anything image-sized exists: a few hundred bytes must not
  // make the codec take hundreds of megabytes.
  if (jpeg.huffman_coded() && jpeg.fewest_blocks() > min_blocks_per_byte * file.size()) {
    return invalid_format("jpeg: file too short for its declared size (" +
                          std::to_string(jpeg.width()) + "x" + std::to_string(jpeg.height()) + ")");
  }
  if (!jpeg.start(output->color_space)) {
    return std::unexpected{jpeg.failure()};
  }
  const std::uint32_t width = jpeg.output_width();
  const std::uint32_t height = jpeg.output_height();
  // No scaling is requested, so libjpeg must produce the header's size in
  // the requested layout; anything else would overrun the buffer.
  if (width != jpeg.width() || height != jpeg.height() ||
      jpeg.output_components() != output->channels) {
    return invalid_format("jpeg: unexpected output layout");
  }
  auto pixels = Buffer::with_size(image_bytes(width, height, output->channels));
  if (!pixels) {
    return out_of_memory();
  }
  if (!jpeg.read_pixels(pixels->bytes())) {
    return std::unexpected{jpeg.failure()};
  }
  return Image{
      .width = width, .height = height, .channels = output->channels, .pixels = std::move(*pixels)};
}

}  // namespace image_codec
