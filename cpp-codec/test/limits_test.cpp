// The size limits of wit/types.wit: a header over them is out-of-memory,
// decided before anything image-sized is allocated; records over them are
// out-of-memory too; a progressive file with too many scans is refused.
// jpeglib.h expects size_t and FILE to be declared already.
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "support.h"

namespace {

using image_codec::ErrorKind;

// Stays far below any pixel buffer the rejected headers would need.
constexpr std::size_t small_allocation = 1U << 20U;

void put_be32(test::Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) {
    bytes.at(at + i) = static_cast<std::uint8_t>(value >> (24 - (8 * i)));
  }
}

void put_be16(test::Bytes& bytes, std::size_t at, std::uint32_t value) {
  bytes.at(at) = static_cast<std::uint8_t>(value >> 8U);
  bytes.at(at + 1) = static_cast<std::uint8_t>(value);
}

test::Bytes png_with_size(std::uint32_t width, std::uint32_t height) {
  test::Bytes png = test::fixture("gray.png");
  put_be32(png, 16, width);
  put_be32(png, 20, height);
  test::fix_png_crc(png, 12);
  return png;
}

test::Bytes jpeg_with_size(std::uint32_t width, std::uint32_t height) {
  test::Bytes jpeg = test::fixture("rgb.jpg");
  const std::size_t sof = test::find_marker(jpeg, 0xC0);
  put_be16(jpeg, sof + 5, height);
  put_be16(jpeg, sof + 7, width);
  return jpeg;
}

// Decodes and returns the error kind (or nothing) and the largest single
// allocation made meanwhile.
struct Outcome {
  bool failed = false;
  ErrorKind kind = ErrorKind::invalid_format;
  std::size_t largest_allocation = 0;
};

Outcome decode_probed(std::span<const std::uint8_t> file) {
  const test::AllocationProbe probe;
  const auto result = image_codec::decode(file);
  return {.failed = !result,
          .kind = result ? ErrorKind::invalid_format : result.error().kind,
          .largest_allocation = test::AllocationProbe::largest()};
}

void expect_refused_before_allocating(std::span<const std::uint8_t> file) {
  const Outcome outcome = decode_probed(file);
  CHECK(outcome.failed);
  CHECK(outcome.kind == ErrorKind::out_of_memory);
  if (test::AllocationProbe::available()) {
    CHECK(outcome.largest_allocation < small_allocation);
  }
}

// A valid progressive grayscale JPEG with one scan per coefficient and bit:
// 10 for DC and 10 for each of the 63 AC coefficients, 640 in all.
test::Bytes jpeg_with_640_scans() {
  const test::Pixels gray = test::expected_pixels("gray.source");
  std::vector<jpeg_scan_info> scans;
  for (int k = 0; k < 64; ++k) {
    scans.push_back(
        {.comps_in_scan = 1, .component_index = {0}, .Ss = k, .Se = k, .Ah = 0, .Al = 9});
    for (int al = 8; al >= 0; --al) {
      scans.push_back(
          {.comps_in_scan = 1, .component_index = {0}, .Ss = k, .Se = k, .Ah = al + 1, .Al = al});
    }
  }
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* output = nullptr;
  unsigned long size = 0;  // NOLINT(google-runtime-int): libjpeg's type
  jpeg_mem_dest(&info, &output, &size);
  info.image_width = gray.width;
  info.image_height = gray.height;
  info.input_components = 1;
  info.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  info.scan_info = scans.data();
  info.num_scans = static_cast<int>(scans.size());
  jpeg_start_compress(&info, TRUE);
  std::vector<std::uint8_t> row(gray.width);
  while (info.next_scanline < info.image_height) {
    const auto start =
        std::span{gray.samples}.subspan(std::size_t{info.next_scanline} * gray.width, gray.width);
    std::ranges::copy(start, row.begin());
    JSAMPROW pointer = row.data();
    jpeg_write_scanlines(&info, &pointer, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  const std::span<const unsigned char> written{output, size};
  test::Bytes file{written.begin(), written.end()};
  // libjpeg allocated the buffer with malloc.
  std::free(output);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  return file;
}

}  // namespace

TEST(allocation_probe_is_active) {
  // The tests below only prove "before allocating" with the probe working.
  CHECK(test::AllocationProbe::available());
}

TEST(png_wider_than_16384_is_out_of_memory_before_allocating) {
  expect_refused_before_allocating(png_with_size(16385, 1));
  expect_refused_before_allocating(png_with_size(0x7FFFFFFF, 0x7FFFFFFF));
}

TEST(png_over_64_mebipixels_is_out_of_memory_before_allocating) {
  expect_refused_before_allocating(png_with_size(16384, 4097));
}

TEST(png_exactly_at_the_limits_is_accepted_as_a_size) {
  // 16384 x 4096 is allowed; the truncated image data then fails the decode.
  const Outcome outcome = decode_probed(png_with_size(16384, 4096));
  CHECK(outcome.failed);
  CHECK(outcome.kind == ErrorKind::invalid_format);
}

TEST(jpeg_wider_than_16384_is_out_of_memory_before_allocating) {
  expect_refused_before_allocating(jpeg_with_size(20000, 10));
}

TEST(jpeg_over_64_mebipixels_is_out_of_memory_before_allocating) {
  expect_refused_before_allocating(jpeg_with_size(16384, 4097));
}

TEST(jpeg_beyond_libjpegs_own_limit_is_out_of_memory) {
  expect_refused_before_allocating(jpeg_with_size(65535, 65535));
}

TEST(records_over_the_limits_are_out_of_memory) {
  const std::vector<std::uint8_t> row(16385, 0);
  const image_codec::ImageView wide{.width = 16385, .height = 1, .channels = 1, .pixels = row};
  const std::vector<std::uint8_t> tall(std::size_t{16384} * 4097, 0);
  const image_codec::ImageView many{.width = 16384, .height = 4097, .channels = 1, .pixels = tall};
  for (const auto* image : {&wide, &many}) {
    for (const std::string_view format : {"png", "jpeg"}) {
      const auto result = image_codec::encode(*image, format);
      CHECK(!result && result.error().kind == ErrorKind::out_of_memory);
    }
  }
}

TEST(jpeg_with_more_than_500_scans_is_invalid_format) {
  const test::Bytes file = jpeg_with_640_scans();
  CHECK(test::find_marker(file, 0xC2) < file.size());
  const auto result = image_codec::decode(file);
  REQUIRE(!result);
  CHECK(result.error().kind == ErrorKind::invalid_format);
  CHECK(result.error().message.contains("500 scans"));
}
