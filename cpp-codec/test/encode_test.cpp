// Encoding: PNG round trips exactly for every golden's pixels; JPEG is byte
// for byte what `cjpeg -quality 90` writes (golden/encode.tsv: baseline,
// 4:2:0) and decodes close to the source. Some outputs are also saved for
// verify_encoded.py, which decodes them with Pillow.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "golden.h"
#include "support.h"

namespace {

constexpr std::array<std::uint8_t, 8> png_signature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

// Encoding 64 Mi pixels under the sanitizers would take a while and prove
// nothing the smaller goldens do not.
constexpr std::uint64_t round_trip_max_pixels = std::uint64_t{1} << 20U;

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

// The file name verify_encoded.py sees: the golden's, flattened.
std::string saved_name(std::string_view golden, std::string_view extension) {
  const std::string_view name = golden.substr(golden.find('/') + 1);
  std::string saved{name.substr(0, name.rfind('.'))};
  saved += extension;
  return saved;
}

}  // namespace

TEST(png_round_trips_every_golden_exactly) {
  for (const test::GoldenEntry& entry : test::goldens()) {
    if (std::uint64_t{entry.width} * entry.height > round_trip_max_pixels) {
      continue;
    }
    const auto source = test::decode_golden(entry);
    REQUIRE(source.has_value());
    const auto encoded = image_codec::encode(test::view(*source), "png");
    REQUIRE(encoded.has_value());
    CHECK(std::ranges::equal(encoded->bytes().first(png_signature.size()), png_signature));
    const auto decoded = image_codec::decode(encoded->bytes());
    REQUIRE(decoded.has_value());
    CHECK_EQ(decoded->width, source->width);
    CHECK_EQ(decoded->height, source->height);
    CHECK_EQ(unsigned{decoded->channels}, unsigned{source->channels});
    CHECK(std::ranges::equal(decoded->pixels.bytes(), source->pixels.bytes()));
    if (entry.file.starts_with("png/rgb") || entry.file.starts_with("png/gray_8")) {
      test::save_encoded(saved_name(entry.file, ".png"), encoded->bytes(), test::view(*source));
    }
  }
}

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

TEST(jpeg_encodes_exactly_like_cjpeg_quality_90) {
  REQUIRE(!test::encode_references().empty());
  for (const test::EncodeEntry& entry : test::encode_references()) {
    const auto source = test::decode_golden(entry.source);
    REQUIRE(source.has_value());
    const auto encoded = image_codec::encode(test::view(*source), entry.format);
    REQUIRE(encoded.has_value());
    if (!std::ranges::equal(encoded->bytes(), test::golden_file(entry.expected))) {
      check::fail(entry.source + " as " + entry.format + " differs from " + entry.expected,
                  std::source_location::current());
    }
    test::save_encoded(saved_name(entry.source, ".jpg"), encoded->bytes(), test::view(*source));
  }
}

TEST(jpeg_is_baseline_jfif_with_420_subsampling) {
  const auto source = test::decode_golden("png/rgb_8.png");
  REQUIRE(source.has_value());
  const auto encoded = image_codec::encode(test::view(*source), "jpeg");
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
  const auto source = test::decode_golden("png/rgb_8.png");
  REQUIRE(source.has_value());
  const auto jpeg = image_codec::encode(test::view(*source), "jpeg");
  const auto jpg = image_codec::encode(test::view(*source), "jpg");
  REQUIRE(jpeg.has_value() && jpg.has_value());
  CHECK(std::ranges::equal(jpeg->bytes(), jpg->bytes()));
}

TEST(jpeg_round_trip_stays_close_to_the_source) {
  for (const auto* name : {"png/rgb_8.png", "png/gray_8.png", "png/rgb_8_301x203_pillow.png"}) {
    const auto source = test::decode_golden(name);
    REQUIRE(source.has_value());
    const auto encoded = image_codec::encode(test::view(*source), "jpeg");
    REQUIRE(encoded.has_value());
    const auto decoded = image_codec::decode(encoded->bytes());
    REQUIRE(decoded.has_value());
    CHECK_EQ(decoded->width, source->width);
    CHECK_EQ(decoded->height, source->height);
    CHECK_EQ(unsigned{decoded->channels}, unsigned{source->channels});
    const auto diff = test::difference(decoded->pixels.bytes(), source->pixels.bytes());
    if (diff.mean >= 2.5 || diff.max > 40) {
      check::fail(std::string{name} + ": JPEG round trip differs by " + std::to_string(diff.mean) +
                      " on average, " + std::to_string(diff.max) + " at most",
                  std::source_location::current());
    }
  }
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

TEST(supported_formats_are_png_then_jpeg_with_their_extensions_and_media_types) {
  const auto formats = image_codec::supported_formats();
  REQUIRE(formats.size() == 2);
  CHECK(formats[0].name == "png");
  CHECK(std::ranges::equal(formats[0].extensions, std::array<std::string_view, 1>{"png"}));
  CHECK(formats[0].media_type == "image/png");
  CHECK(formats[1].name == "jpeg");
  CHECK(std::ranges::equal(formats[1].extensions, std::array<std::string_view, 2>{"jpg", "jpeg"}));
  CHECK(formats[1].media_type == "image/jpeg");
}
