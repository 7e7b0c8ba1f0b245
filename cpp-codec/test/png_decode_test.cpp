// PNG decoding: every colour type and bit depth maps to the 8-bit layout
// wit/codec.wit specifies, compared sample by sample with make_fixtures.py's
// arrays.
#include "check.h"
#include "support.h"

TEST(png_gray_8bit_decodes_to_one_channel) { test::expect_decodes_to("gray.png", "gray"); }

TEST(png_gray_alpha_decodes_to_two_channels) {
  test::expect_decodes_to("gray_alpha.png", "gray_alpha");
}

TEST(png_rgb_decodes_to_three_channels) { test::expect_decodes_to("rgb.png", "rgb"); }

TEST(png_rgba_decodes_to_four_channels) { test::expect_decodes_to("rgba.png", "rgba"); }

TEST(png_palette_8bit_expands_to_rgb) { test::expect_decodes_to("palette8.png", "palette8"); }

TEST(png_palette_4bit_expands_to_rgb) { test::expect_decodes_to("palette4.png", "palette4"); }

TEST(png_palette_with_trns_expands_to_rgba) {
  test::expect_decodes_to("palette_trns.png", "palette_trns");
}

TEST(png_gray_1bit_expands_to_0_and_255) { test::expect_decodes_to("gray1.png", "gray1"); }

TEST(png_gray_2bit_expands_to_full_range) { test::expect_decodes_to("gray2.png", "gray2"); }

TEST(png_gray_4bit_expands_to_full_range) { test::expect_decodes_to("gray4.png", "gray4"); }

TEST(png_gray_16bit_scales_with_rounding) { test::expect_decodes_to("gray16.png", "gray16"); }

TEST(png_rgba_16bit_scales_with_rounding) { test::expect_decodes_to("rgba16.png", "rgba16"); }

TEST(png_gray_with_trns_gains_alpha) { test::expect_decodes_to("gray_trns.png", "gray_trns"); }

TEST(png_rgb_with_trns_gains_alpha) { test::expect_decodes_to("rgb_trns.png", "rgb_trns"); }

TEST(png_adam7_interlaced_rgba_is_deinterlaced) {
  test::expect_decodes_to("interlaced_rgba.png", "interlaced_rgba");
}

TEST(png_adam7_interlaced_1bit_is_deinterlaced) {
  test::expect_decodes_to("interlaced_gray1.png", "interlaced_gray1");
}

TEST(png_ancillary_chunks_are_ignored) { test::expect_decodes_to("ancillary.png", "ancillary"); }

TEST(png_larger_image_decodes) { test::expect_decodes_to("large.png", "large"); }
