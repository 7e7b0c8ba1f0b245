// The committed golden files (cpp-codec/test/golden, written by
// test/oracle/generate.py) and their three manifests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image_codec/codec.h"

namespace test {

using Bytes = std::vector<std::uint8_t>;

// Set by main from the command line.
void set_golden_directory(std::filesystem::path directory);

// The bytes of a file under golden/ (empty, with a test failure, if missing).
[[nodiscard]] Bytes golden_file(std::string_view name);

// manifest.tsv: a file the codec must decode, and the samples' digest.
struct GoldenEntry {
  std::string file;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t channels = 0;
  std::string sha256;
  // Every proper prefix of the file must be refused as invalid-format.
  bool truncate = false;
};

// rejected.tsv: an input the codec must refuse with `expect`.
struct RejectedEntry {
  std::string file;
  image_codec::ErrorKind expect = image_codec::ErrorKind::invalid_format;
  std::string what;
};

// encode.tsv: `encode(decode(source), format)` must return `expected`'s bytes.
struct EncodeEntry {
  std::string source;
  std::string format;
  std::string expected;
};

[[nodiscard]] const std::vector<GoldenEntry>& goldens();
[[nodiscard]] const std::vector<RejectedEntry>& rejected();
[[nodiscard]] const std::vector<EncodeEntry>& encode_references();

// The manifest entry for `file`, or null with a test failure.
[[nodiscard]] const GoldenEntry* find_golden(std::string_view file);

// Decodes a golden file and checks its size, channels and digest; the image
// when all match, else nullopt with the test failures recorded.
[[nodiscard]] std::optional<image_codec::Image> decode_golden(const GoldenEntry& entry);
[[nodiscard]] std::optional<image_codec::Image> decode_golden(std::string_view file);

}  // namespace test
