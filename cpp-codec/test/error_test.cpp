// Every failure is a value: invalid-format with a message for bad input,
// nothing printed, and the codec keeps working afterwards.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "golden.h"
#include "support.h"

namespace {

using image_codec::ErrorKind;

// True if decoding `file` fails with invalid-format and a message starting
// with `prefix`.
[[nodiscard]] bool rejects(std::span<const std::uint8_t> file, std::string_view prefix) {
  const auto result = image_codec::decode(file);
  return !result && result.error().kind == ErrorKind::invalid_format &&
         result.error().message.starts_with(prefix) &&
         result.error().message.size() > prefix.size();
}

[[nodiscard]] std::string decode_error(std::span<const std::uint8_t> file) {
  const auto result = image_codec::decode(file);
  return result ? std::string{"<decoded>"} : result.error().message;
}

[[nodiscard]] std::optional<ErrorKind> encode_error(const image_codec::ImageView& image,
                                                    std::string_view format) {
  const auto result = image_codec::encode(image, format);
  return result ? std::nullopt : std::optional{result.error().kind};
}

}  // namespace

TEST(empty_input_is_invalid_format) { CHECK(rejects({}, "empty input")); }

TEST(unrecognised_signatures_are_invalid_format) {
  const std::vector<std::uint8_t> gif{'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
  CHECK(rejects(gif, "unrecognised"));
  const std::vector<std::uint8_t> partial_png{0x89, 'P', 'N'};
  CHECK(rejects(partial_png, "unrecognised"));
  const std::vector<std::uint8_t> partial_jpeg{0xFF, 0xD8};
  CHECK(rejects(partial_jpeg, "unrecognised"));
}

TEST(png_signature_alone_is_invalid_format) {
  const std::vector<std::uint8_t> signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  CHECK(rejects(signature, "png: "));
}

TEST(png_with_corrupt_image_data_is_invalid_format) {
  const test::Bytes original = test::golden_file("png/rgb_8.png");
  const std::size_t idat =
      std::string_view{reinterpret_cast<const char*>(original.data()),  // NOLINT
                       original.size()}
          .find("IDAT");
  REQUIRE(idat != std::string_view::npos && idat + 12 < original.size());
  const std::size_t length = std::size_t{original[idat - 2]} << 8U | original[idat - 1];
  // A damaged checksum.
  test::Bytes png = original;
  png.at(idat + 4 + length) ^= 0x5A;
  CHECK_EQ(decode_error(png), std::string{"png: IDAT: CRC error"});
  // Damaged data under a matching checksum: zlib's turn to object.
  png = original;
  png.at(idat + 8) ^= 0x5A;
  test::fix_png_crc(png, idat);
  CHECK(rejects(png, "png: IDAT: "));
}

TEST(jpeg_with_unsupported_precision_reports_libjpegs_message) {
  test::Bytes jpeg = test::golden_file("jpeg/ycc420_baseline.jpg");
  const std::size_t sof = test::find_marker(jpeg, 0xC0);
  REQUIRE(sof + 4 < jpeg.size());
  jpeg[sof + 4] = 12;
  CHECK_EQ(decode_error(jpeg), std::string{"jpeg: Unsupported JPEG data precision 12"});
}

TEST(jpeg_with_garbage_after_the_signature_is_invalid_format) {
  test::Bytes jpeg{0xFF, 0xD8, 0xFF};
  jpeg.resize(64, 0x00);
  CHECK(rejects(jpeg, "jpeg: "));
}

TEST(jpeg_cmyk_says_why) {
  const auto result = image_codec::decode(test::golden_file("rejected/jpeg_cmyk.jpg"));
  REQUIRE(!result);
  CHECK(result.error().kind == ErrorKind::invalid_format);
  CHECK(result.error().message.contains("CMYK"));
}

TEST(unknown_formats_are_invalid_format) {
  const std::vector<std::uint8_t> samples{1, 2, 3};
  const image_codec::ImageView image{.width = 1, .height = 1, .channels = 3, .pixels = samples};
  for (const std::string_view format : {"gif", "PNG", "Jpeg", "", "png ", "jpe", "webp"}) {
    CHECK(encode_error(image, format) == ErrorKind::invalid_format);
  }
  const auto result = image_codec::encode(image, "gif");
  REQUIRE(!result);
  CHECK(result.error().message.contains("\"gif\""));
}

TEST(malformed_image_records_are_invalid_format) {
  const std::vector<std::uint8_t> samples(12, 0);
  const std::span<const std::uint8_t> all{samples};
  using image_codec::ImageView;
  for (const ImageView& image : {
           ImageView{.width = 0, .height = 1, .channels = 1, .pixels = all.first(0)},
           ImageView{.width = 1, .height = 0, .channels = 1, .pixels = all.first(0)},
           ImageView{.width = 1, .height = 1, .channels = 0, .pixels = all.first(0)},
           ImageView{.width = 1, .height = 1, .channels = 5, .pixels = all.first(5)},
           ImageView{.width = 2, .height = 2, .channels = 3, .pixels = all.first(11)},
           ImageView{.width = 2, .height = 2, .channels = 2, .pixels = all.first(9)},
           // width x height x channels overflows 64 bits: still just a bad length
           ImageView{.width = 0xFFFFFFFF, .height = 0xFFFFFFFF, .channels = 4, .pixels = all},
       }) {
    for (const std::string_view format : {"png", "jpeg"}) {
      CHECK(encode_error(image, format) == ErrorKind::invalid_format);
    }
  }
}

TEST(jpeg_refuses_alpha_channels) {
  const std::vector<std::uint8_t> samples(16, 128);
  for (const std::uint8_t channels : {std::uint8_t{2}, std::uint8_t{4}}) {
    const image_codec::ImageView image{
        .width = 2,
        .height = 2,
        .channels = channels,
        .pixels = std::span{samples}.first(std::size_t{4} * channels)};
    CHECK(encode_error(image, "jpeg") == ErrorKind::invalid_format);
    CHECK(encode_error(image, "jpg") == ErrorKind::invalid_format);
    CHECK(image_codec::encode(image, "png").has_value());
  }
}

TEST(decoding_keeps_working_after_failures_in_a_row) {
  const test::Bytes png = test::golden_file("png/rgb_8.png");
  const test::Bytes jpeg = test::golden_file("jpeg/ycc420_progressive.jpg");
  const test::Bytes cmyk = test::golden_file("rejected/jpeg_cmyk.jpg");
  const test::Bytes bomb = test::golden_file("rejected/png_zip_bomb_64mib.png");
  for (int round = 0; round < 25; ++round) {
    CHECK(!image_codec::decode(std::span{png}.first(png.size() / 2)));
    CHECK(!image_codec::decode(std::span{jpeg}.first(jpeg.size() / 2)));
    CHECK(!image_codec::decode(cmyk));
    CHECK(!image_codec::decode(bomb));
  }
  CHECK(test::decode_golden("png/rgb_8.png").has_value());
  CHECK(test::decode_golden("jpeg/ycc420_progressive.jpg").has_value());
}

TEST(nothing_is_written_to_stderr) {
  // Point file descriptor 2 at a temporary file while the libraries fail and
  // warn in every way the other tests provoke.
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> capture{std::tmpfile(), std::fclose};
  REQUIRE(capture != nullptr);
  REQUIRE(std::fflush(stderr) == 0);
  const int saved = dup(STDERR_FILENO);
  REQUIRE(saved >= 0);
  REQUIRE(dup2(fileno(capture.get()), STDERR_FILENO) >= 0);
  std::size_t failures = 0;
  for (const test::RejectedEntry& entry : test::rejected()) {
    failures += image_codec::decode(test::golden_file(entry.file)) ? 0 : 1;
  }
  for (const auto* name : {"png/rgb_8.png", "jpeg/ycc420_progressive.jpg"}) {
    const test::Bytes file = test::golden_file(name);
    for (std::size_t length = 0; length < file.size(); length += 7) {
      failures += image_codec::decode(std::span{file}.first(length)) ? 0 : 1;
    }
  }
  // Ancillary chunks, which libpng would warn about if it parsed them.
  CHECK(image_codec::decode(test::golden_file("png/rgb_8_ancillary_pillow.png")).has_value());
  const bool flushed = std::fflush(stderr) == 0;
  const bool restored = dup2(saved, STDERR_FILENO) >= 0;
  close(saved);
  CHECK(flushed && restored);
  CHECK(failures > 0);
  CHECK_EQ(std::ftell(capture.get()), 0L);
}
