// PNG → 8-bit gray, gray + alpha, RGB or RGBA, as wit/codec.wit specifies.
#include <png.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "errors.h"
#include "formats.h"
#include "guarded.h"
#include "image_check.h"
#include "png_support.h"

namespace image_codec {

namespace {

// Bounds what libpng may allocate per chunk it reads (PLTE and tRNS, the
// only ones besides image data, are under 1 KiB) and how many it keeps.
constexpr png_alloc_size_t chunk_malloc_max = png_alloc_size_t{64} * 1024;
constexpr png_uint_32 chunk_cache_max = 128;

// Deflate cannot expand data more than 1032-fold (a 258-byte match per two
// bits), so a file that short of its declared image data cannot hold it.
constexpr std::uint64_t max_deflate_ratio = 1032;

// Once the last row is complete a valid stream has little left: the end of
// its last deflate block and the Adler-32 checksum, perhaps in IDAT chunks of
// their own. libpng would inflate anything more to the end before calling it
// "Too much image data" (1032 times the excess: 1 GB from a 1 MB file), so
// the reader cuts it off past this many further bytes of input.
constexpr std::size_t max_input_after_image = 1024;

struct Dimensions {
  std::uint32_t width;
  std::uint32_t height;
};

[[nodiscard]] constexpr std::uint32_t read_be32(std::span<const std::uint8_t, 4> bytes) noexcept {
  return static_cast<std::uint32_t>(bytes[0]) << 24U | static_cast<std::uint32_t>(bytes[1]) << 16U |
         static_cast<std::uint32_t>(bytes[2]) << 8U | static_cast<std::uint32_t>(bytes[3]);
}

// Width and height from the IHDR chunk that must follow the signature.
// libpng would reject a header over its user limits as "Invalid IHDR data";
// the contract asks for out-of-memory, so the size is judged here first.
[[nodiscard]] std::optional<Dimensions> peek_ihdr(std::span<const std::uint8_t> file) noexcept {
  constexpr std::size_t ihdr_end = 8 + 4 + 4 + 8;  // signature, length, type, width + height
  constexpr std::array<std::uint8_t, 8> ihdr_header{0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  if (file.size() < ihdr_end || !std::ranges::equal(file.subspan(8, 8), ihdr_header)) {
    return std::nullopt;
  }
  return Dimensions{.width = read_be32(file.subspan<16, 4>()),
                    .height = read_be32(file.subspan<20, 4>())};
}

// Owns the libpng state of one decode; freed on success and error alike.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> file) noexcept
      : file_{file}, png_{create_png_reader(errors_)} {
    if (png_ != nullptr) {
      info_ = png_create_info_struct(png_);
    }
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  Reader(Reader&&) = delete;
  Reader& operator=(Reader&&) = delete;
  ~Reader() { png_destroy_read_struct(&png_, &info_, nullptr); }

  [[nodiscard]] bool created() const noexcept { return png_ != nullptr && info_ != nullptr; }
  [[nodiscard]] Error failure() const { return png_failure(errors_, ErrorKind::invalid_format); }

  // Reads up to the first IDAT and sets the transforms; false on error.
  [[nodiscard]] bool read_header() {
    return run_guarded(png_jmpbuf(png_), [this] {
      png_set_read_fn(png_, this, read_from_file);
      png_set_user_limits(png_, max_dimension, max_dimension);
      png_set_chunk_malloc_max(png_, chunk_malloc_max);
      png_set_chunk_cache_max(png_, chunk_cache_max);
      // Decoding ignores ancillary chunks (codec.wit); -1 makes libpng skip
      // every chunk but IHDR, PLTE, tRNS, IDAT and IEND unparsed, so no time
      // goes into inflating text or ICC profiles of untrusted files and
      // their defects cannot fail the decode.
      png_set_keep_unknown_chunks(png_, PNG_HANDLE_CHUNK_NEVER, nullptr, -1);
      png_read_info(png_, info_);
      interlaced_ = png_get_interlace_type(png_, info_) != PNG_INTERLACE_NONE;
      image_data_bits_ = std::uint64_t{width()} * height() * png_get_bit_depth(png_, info_) *
                         png_get_channels(png_, info_);
      request_8bit_samples();
      png_read_update_info(png_, info_);
    });
  }

  [[nodiscard]] std::uint32_t width() const noexcept { return png_get_image_width(png_, info_); }
  [[nodiscard]] std::uint32_t height() const noexcept { return png_get_image_height(png_, info_); }
  // After the transforms.
  [[nodiscard]] std::uint8_t channels() const noexcept { return png_get_channels(png_, info_); }
  [[nodiscard]] std::size_t row_bytes() const noexcept { return png_get_rowbytes(png_, info_); }
  [[nodiscard]] int bit_depth() const noexcept { return png_get_bit_depth(png_, info_); }
  // The least the decompressed image data can be: the pixels at the file's
  // own depth, without padding or filter bytes.
  [[nodiscard]] std::uint64_t min_image_data_bytes() const noexcept {
    return (image_data_bits_ + 7) / 8;
  }

  // Fills `pixels` (height rows of row_bytes()) and checks the rest of the
  // file up to IEND; false on error.
  [[nodiscard]] bool read_pixels(std::span<std::uint8_t> pixels) {
    return run_guarded(png_jmpbuf(png_), [this, pixels] {
      // Up to here libpng's benign errors were quirks of ancillary data that
      // it works around (a tRNS longer than the palette, say). From the image
      // data on they mean the file is not what its header says: compressed
      // data past the image, a bad Adler-32, IDAT chunks after others. Those
      // fail the decode.
      png_set_benign_errors(png_, 0);
      const std::size_t stride = row_bytes();
      const std::uint32_t rows = height();
      reading_rows_ = true;
      // With interlace handling every pass visits every row, filling in the
      // pixels that pass carries.
      for (int pass = 0; pass < passes_; ++pass) {
        for (std::uint32_t y = 0; y < rows; ++y) {
          png_read_row(png_, pixels.subspan(y * stride, stride).data(), nullptr);
        }
      }
      reading_rows_ = false;
      png_read_end(png_, nullptr);
    });
  }

 private:
  // gray → 1 channel, gray + alpha → 2, RGB → 3, RGBA → 4, palette → 3 or 4
  // (with tRNS); tRNS on gray or RGB becomes an alpha channel as well, so
  // that transparency is never dropped.
  void request_8bit_samples() {
    const int color_type = png_get_color_type(png_, info_);
    const int depth = png_get_bit_depth(png_, info_);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
      png_set_palette_to_rgb(png_);
    }
    if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8) {
      png_set_expand_gray_1_2_4_to_8(png_);
    }
    if (png_get_valid(png_, info_, PNG_INFO_tRNS) != 0) {
      png_set_tRNS_to_alpha(png_);
    }
    if (depth == 16) {
      png_set_scale_16(png_);  // rounds, unlike png_set_strip_16
    }
    passes_ = png_set_interlace_handling(png_);
  }

  // Whether libpng has moved past the last row: it then reads on only to
  // finish the compressed stream (pass 7 when it de-interlaces, row ==
  // height otherwise).
  [[nodiscard]] bool past_last_row() const noexcept {
    return interlaced_ ? png_get_current_pass_number(png_) >= 7
                       : png_get_current_row_number(png_) >= height();
  }

  static void read_from_file(png_structp png, png_bytep out, std::size_t length) {
    Reader& reader = *static_cast<Reader*>(png_get_io_ptr(png));
    if (length > reader.file_.size() - reader.offset_) {
      png_error(png, "file is truncated");
    }
    if (reader.reading_rows_ && reader.past_last_row()) {
      reader.input_after_image_ += length;
      if (reader.input_after_image_ > max_input_after_image) {
        png_error(png, "IDAT: compressed data continues past the end of the image");
      }
    }
    std::memcpy(out, reader.file_.subspan(reader.offset_, length).data(), length);
    reader.offset_ += length;
  }

  std::span<const std::uint8_t> file_;
  std::size_t offset_ = 0;
  PngErrorState errors_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
  int passes_ = 1;
  bool interlaced_ = false;
  std::uint64_t image_data_bits_ = 0;
  bool reading_rows_ = false;
  std::size_t input_after_image_ = 0;
};

}  // namespace

Result<Image> decode_png(std::span<const std::uint8_t> file) {
  if (const auto header = peek_ihdr(file);
      header && !within_limits(header->width, header->height)) {
    return out_of_memory();
  }
  Reader reader{file};
  if (!reader.created()) {
    return out_of_memory();
  }
  if (!reader.read_header()) {
    return std::unexpected{reader.failure()};
  }
  const std::uint32_t width = reader.width();
  const std::uint32_t height = reader.height();
  const std::uint8_t channels = reader.channels();
  if (!within_limits(width, height)) {
    return out_of_memory();
  }
  // Judged before the pixel buffer exists, so that a few hundred bytes
  // cannot make the codec take hundreds of megabytes.
  if (reader.min_image_data_bytes() > max_deflate_ratio * file.size()) {
    return invalid_format("png: file too short for its declared size (" + std::to_string(width) +
                          "x" + std::to_string(height) + ")");
  }
  // The transforms above always yield this layout; anything else would
  // overrun the buffer, so it is refused rather than assumed.
  if (reader.bit_depth() != 8 || channels == 0 || channels > max_channels ||
      reader.row_bytes() != static_cast<std::size_t>(width) * channels) {
    return invalid_format("png: unsupported sample layout");
  }
  auto pixels = Buffer::with_size(image_bytes(width, height, channels));
  if (!pixels) {
    return out_of_memory();
  }
  if (!reader.read_pixels(pixels->bytes())) {
    return std::unexpected{reader.failure()};
  }
  return Image{
      .width = width, .height = height, .channels = channels, .pixels = std::move(*pixels)};
}

}  // namespace image_codec
