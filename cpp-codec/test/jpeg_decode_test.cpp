// JPEG decoding: the same samples as djpeg of the same libjpeg-turbo
// version, and close to the arrays the files were made from.
#include "check.h"
#include "support.h"

TEST(jpeg_gray_decodes_like_djpeg) { test::expect_decodes_to("gray.jpg", "gray.jpg"); }

TEST(jpeg_ycbcr_420_decodes_to_rgb_like_djpeg) { test::expect_decodes_to("rgb.jpg", "rgb.jpg"); }

TEST(jpeg_ycbcr_444_decodes_to_rgb_like_djpeg) {
  test::expect_decodes_to("rgb444.jpg", "rgb444.jpg");
}

TEST(jpeg_progressive_decodes_like_djpeg) {
  test::expect_decodes_to("progressive.jpg", "progressive.jpg");
}

TEST(jpeg_progressive_with_82_scans_decodes_like_djpeg) {
  test::expect_decodes_to("scans82.jpg", "scans82.jpg");
}

TEST(jpeg_decodes_close_to_the_source_image) {
  for (const auto* name : {"rgb", "gray"}) {
    const auto image = image_codec::decode(test::fixture(std::string{name} + ".jpg"));
    REQUIRE(image.has_value());
    const auto source = test::expected_pixels(std::string{name} + ".source");
    const auto diff = test::difference(image->pixels.bytes(), source.samples);
    CHECK(diff.mean < 2.5);
    CHECK(diff.max <= 40);
  }
}
