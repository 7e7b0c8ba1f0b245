// SHA-256 (FIPS 180-4), to compare decoded samples with the digests in
// golden/manifest.tsv without committing the samples themselves.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace test {

// The digest of `bytes` as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(std::span<const std::uint8_t> bytes);

}  // namespace test
