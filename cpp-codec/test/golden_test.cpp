// Decoding: every golden file gives exactly the samples its manifest entry
// describes, and the goldens cover every kind of PNG and JPEG the codec
// promises to read.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "check.h"
#include "golden.h"

namespace {

// The manifest must not lose a kind of file silently.
[[nodiscard]] bool listed(std::string_view file) {
  return std::ranges::any_of(test::goldens(),
                             [file](const test::GoldenEntry& entry) { return entry.file == file; });
}

[[nodiscard]] bool listed_as_rejected(std::string_view file, image_codec::ErrorKind kind) {
  for (const test::RejectedEntry& entry : test::rejected()) {
    if (entry.file == file) {
      return entry.expect == kind;
    }
  }
  return false;
}

struct PngKind {
  std::string_view name;
  std::array<int, 5> depths;  // 0 ends the list
  bool trns;
};

// Every colour type at every bit depth the PNG specification allows it.
constexpr std::array<PngKind, 5> png_kinds{{
    {.name = "gray", .depths = {1, 2, 4, 8, 16}, .trns = true},
    {.name = "rgb", .depths = {8, 16}, .trns = true},
    {.name = "palette", .depths = {1, 2, 4, 8}, .trns = true},
    {.name = "gray_alpha", .depths = {8, 16}, .trns = false},
    {.name = "rgba", .depths = {8, 16}, .trns = false},
}};

constexpr std::array<std::string_view, 16> jpeg_kinds{"gray_baseline",
                                                      "gray_progressive",
                                                      "gray_arithmetic",
                                                      "ycc444_baseline",
                                                      "ycc422_baseline",
                                                      "ycc420_baseline",
                                                      "ycc420_progressive",
                                                      "ycc444_progressive",
                                                      "ycc420_restart_rows",
                                                      "ycc444_restart_blocks",
                                                      "ycc420_progressive_restart",
                                                      "ycc420_arithmetic",
                                                      "ycc422_arithmetic_progressive",
                                                      "ycc420_arithmetic_restart",
                                                      "rgb_baseline",
                                                      "gray_scans500"};

}  // namespace

TEST(every_golden_decodes_to_its_samples) {
  REQUIRE(!test::goldens().empty());
  for (const test::GoldenEntry& entry : test::goldens()) {
    static_cast<void>(test::decode_golden(entry));
  }
}

TEST(goldens_cover_every_png_colour_type_depth_trns_and_adam7) {
  for (const PngKind& kind : png_kinds) {
    for (const int depth : kind.depths) {
      if (depth == 0) {
        break;
      }
      const std::string stem = "png/" + std::string{kind.name} + "_" + std::to_string(depth);
      CHECK(listed(stem + ".png"));
      CHECK(listed(stem + "_adam7.png"));
      CHECK(!kind.trns || listed(stem + "_trns.png"));
    }
  }
  // The most pixels the limits allow, decoded in full.
  CHECK(listed("png/gray_1_16384x4096.png"));
}

TEST(goldens_cover_every_jpeg_coding_and_sampling) {
  for (const std::string_view kind : jpeg_kinds) {
    CHECK(listed("jpeg/" + std::string{kind} + ".jpg"));
  }
  CHECK(listed_as_rejected("rejected/jpeg_cmyk.jpg", image_codec::ErrorKind::invalid_format));
  CHECK(listed_as_rejected("rejected/jpeg_ycck.jpg", image_codec::ErrorKind::invalid_format));
}
