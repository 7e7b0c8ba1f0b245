// The size limits of wit/types.wit on the encoding side, and the probe the
// rejected-corpus test relies on. (Decoding: oversized headers, bombs and the
// 500-scan limit are in golden/rejected.tsv; 16384 x 4096 and 500 scans,
// exactly at the limits, are goldens.)
#include <cstddef>
#include <string_view>
#include <vector>

#include "check.h"
#include "support.h"

TEST(allocation_probe_is_active) {
  // "Refused before allocating" is only proved with the probe working.
  CHECK(test::AllocationProbe::available());
  const test::AllocationProbe probe;
  const std::vector<unsigned char> allocation(12345);
  CHECK(test::AllocationProbe::largest() >= allocation.size());
}

TEST(records_over_the_limits_are_out_of_memory) {
  const std::vector<std::uint8_t> row(16385, 0);
  const image_codec::ImageView wide{.width = 16385, .height = 1, .channels = 1, .pixels = row};
  const std::vector<std::uint8_t> tall(std::size_t{16384} * 4097, 0);
  const image_codec::ImageView many{.width = 16384, .height = 4097, .channels = 1, .pixels = tall};
  for (const auto* image : {&wide, &many}) {
    for (const std::string_view format : {"png", "jpeg"}) {
      const auto result = image_codec::encode(*image, format);
      CHECK(!result && result.error().kind == image_codec::ErrorKind::out_of_memory);
    }
  }
}
