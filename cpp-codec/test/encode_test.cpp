// Encoding: PNG round trips exactly; JPEG is byte-for-byte what
// `cjpeg -quality 90` writes (baseline, 4:2:0) and decodes close to the
// source. Every output is also saved for verify_encoded.py (Pillow).
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "support.h"

namespace {

constexpr std::array<std::uint8_t, 8> png_signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

void expect_png_round_trip(std::string_view pixels_name) {
  const test::Pixels source = test::expected_pixels(pixels_name);
  const auto encoded = image_codec::encode(source.view(), "png");
  REQUIRE(encoded.has_value());
  CHECK(std::ranges::equal(encoded->bytes().first(png_signature.size()), png_signature));
  const auto decoded = image_codec::decode(encoded->bytes());
  REQUIRE(decoded.has_value());
  CHECK_EQ(decoded->width, source.width);
  CHECK_EQ(decoded->height, source.height);
  CHECK_EQ(unsigned{decoded->channels}, unsigned{source.channels});
  CHECK(std::ranges::equal(decoded->pixels.bytes(), source.samples));
  test::save_encoded(std::string{pixels_name} + ".png", encoded->bytes(), source);
}

// The SOF0 (baseline) frame header's component sampling factors, or empty
// if the file has no SOF0.
std::vector<std::uint8_t> baseline_sampling(std::span<const std::uint8_t> jpeg) {
  const std::size_t sof = test::find_marker(jpeg, 0xC0);
  if (sof + 10 > jpeg.size()) {
    return {};
  }
  // FF C0, length (2), precision (1), height (2), width (2), count (1), then
  // per component: id, HV sampling, quantisation table.
  const std::size_t count = jpeg[sof + 9];
  std::vector<std::uint8_t> factors;
  for (std::size_t i = 0; i < count && sof + 12 + (3 * i) < jpeg.size(); ++i) {
    factors.push_back(jpeg[sof + 11 + (3 * i)]);
  }
  return factors;
}

}  // namespace

TEST(png_round_trips_gray) { expect_png_round_trip("gray"); }
TEST(png_round_trips_gray_alpha) { expect_png_round_trip("gray_alpha"); }
TEST(png_round_trips_rgb) { expect_png_round_trip("rgb"); }
TEST(png_round_trips_rgba) { expect_png_round_trip("rgba"); }
TEST(png_round_trips_a_larger_image) { expect_png_round_trip("large"); }

TEST(png_round_trips_single_pixels_of_every_channel_count) {
  for (std::uint8_t channels = 1; channels <= 4; ++channels) {
    const std::vector<std::uint8_t> samples{7, 130, 255, 0};
    const image_codec::ImageView image{.width = 1,
                                       .height = 1,
                                       .channels = channels,
                                       .pixels = std::span{samples}.first(channels)};
    const auto encoded = image_codec::encode(image, "png");
    REQUIRE(encoded.has_value());
    const auto decoded = image_codec::decode(encoded->bytes());
    REQUIRE(decoded.has_value());
    CHECK_EQ(unsigned{decoded->channels}, unsigned{channels});
    CHECK(std::ranges::equal(decoded->pixels.bytes(), image.pixels));
  }
}

TEST(jpeg_encodes_rgb_exactly_like_cjpeg_quality_90) {
  const test::Pixels source = test::expected_pixels("rgb.source");
  const auto encoded = image_codec::encode(source.view(), "jpeg");
  REQUIRE(encoded.has_value());
  CHECK(std::ranges::equal(encoded->bytes(), test::fixture("rgb.cjpeg.jpg")));
  test::save_encoded("rgb.jpg", encoded->bytes(), source);
}

TEST(jpeg_encodes_gray_exactly_like_cjpeg_quality_90) {
  const test::Pixels source = test::expected_pixels("gray.source");
  const auto encoded = image_codec::encode(source.view(), "jpeg");
  REQUIRE(encoded.has_value());
  CHECK(std::ranges::equal(encoded->bytes(), test::fixture("gray.cjpeg.jpg")));
  test::save_encoded("gray.jpg", encoded->bytes(), source);
}

TEST(jpeg_is_baseline_with_420_subsampling) {
  const auto encoded = image_codec::encode(test::expected_pixels("rgb.source").view(), "jpeg");
  REQUIRE(encoded.has_value());
  const auto jpeg = encoded->bytes();
  CHECK(test::find_marker(jpeg, 0xC2) == jpeg.size());  // no progressive frame
  // Y 2x2, Cb 1x1, Cr 1x1.
  CHECK(baseline_sampling(jpeg) == (std::vector<std::uint8_t>{0x22, 0x11, 0x11}));
  // JFIF APP0 right after SOI.
  CHECK(jpeg.size() > 10 && jpeg[2] == 0xFF && jpeg[3] == 0xE0);
  CHECK(std::ranges::equal(jpeg.subspan(6, 5), std::string_view{"JFIF\0", 5}));
}

TEST(jpg_is_the_same_encoder_as_jpeg) {
  const test::Pixels source = test::expected_pixels("rgb.source");
  const auto jpeg = image_codec::encode(source.view(), "jpeg");
  const auto jpg = image_codec::encode(source.view(), "jpg");
  REQUIRE(jpeg.has_value() && jpg.has_value());
  CHECK(std::ranges::equal(jpeg->bytes(), jpg->bytes()));
}

TEST(jpeg_round_trip_stays_close_to_the_source) {
  for (const auto* name : {"rgb.source", "gray.source", "large"}) {
    const test::Pixels source = test::expected_pixels(name);
    const auto encoded = image_codec::encode(source.view(), "jpeg");
    REQUIRE(encoded.has_value());
    const auto decoded = image_codec::decode(encoded->bytes());
    REQUIRE(decoded.has_value());
    CHECK_EQ(decoded->width, source.width);
    CHECK_EQ(decoded->height, source.height);
    CHECK_EQ(unsigned{decoded->channels}, unsigned{source.channels});
    const auto diff = test::difference(decoded->pixels.bytes(), source.samples);
    CHECK(diff.mean < 2.5);
    CHECK(diff.max <= 40);
  }
  const test::Pixels large = test::expected_pixels("large");
  const auto large_jpeg = image_codec::encode(large.view(), "jpg");
  REQUIRE(large_jpeg.has_value());
  test::save_encoded("large.jpg", large_jpeg->bytes(), large);
}

TEST(jpeg_encodes_a_single_pixel) {
  const std::vector<std::uint8_t> samples{200, 100, 50};
  const image_codec::ImageView image{.width = 1, .height = 1, .channels = 3, .pixels = samples};
  const auto encoded = image_codec::encode(image, "jpeg");
  REQUIRE(encoded.has_value());
  const auto decoded = image_codec::decode(encoded->bytes());
  REQUIRE(decoded.has_value());
  CHECK(test::difference(decoded->pixels.bytes(), samples).max <= 8);
}

TEST(supported_formats_are_exactly_png_jpeg_jpg) {
  const auto formats = image_codec::supported_formats();
  CHECK(std::ranges::equal(formats, std::array<std::string_view, 3>{"png", "jpeg", "jpg"}));
}
