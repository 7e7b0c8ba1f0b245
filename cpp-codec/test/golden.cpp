#include "golden.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "check.h"
#include "sha256.h"

namespace test {

namespace {

std::filesystem::path& golden_directory() {
  static std::filesystem::path directory;
  return directory;
}

// The tab-separated fields of each line of a manifest, comments skipped.
std::vector<std::vector<std::string>> read_table(std::string_view name, std::size_t columns) {
  std::ifstream in{golden_directory() / name};
  if (!in) {
    check::fail("cannot read golden/" + std::string{name}, std::source_location::current());
  }
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    std::vector<std::string> fields;
    std::istringstream split{line};
    for (std::string field; std::getline(split, field, '\t');) {
      fields.push_back(std::move(field));
    }
    if (fields.size() != columns) {
      check::fail("malformed line in golden/" + std::string{name} + ": " + line,
                  std::source_location::current());
      continue;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::optional<image_codec::ErrorKind> error_kind(std::string_view name) {
  if (name == "invalid-format") {
    return image_codec::ErrorKind::invalid_format;
  }
  if (name == "out-of-memory") {
    return image_codec::ErrorKind::out_of_memory;
  }
  return std::nullopt;
}

}  // namespace

void set_golden_directory(std::filesystem::path directory) {
  golden_directory() = std::move(directory);
}

Bytes golden_file(std::string_view name) {
  std::ifstream in{golden_directory() / name, std::ios::binary};
  if (!in) {
    check::fail("cannot read golden/" + std::string{name}, std::source_location::current());
    return {};
  }
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

const std::vector<GoldenEntry>& goldens() {
  static const std::vector<GoldenEntry> entries = [] {
    std::vector<GoldenEntry> out;
    for (auto& row : read_table("manifest.tsv", 7)) {
      out.push_back({.file = std::move(row[0]),
                     .width = static_cast<std::uint32_t>(std::stoul(row[1])),
                     .height = static_cast<std::uint32_t>(std::stoul(row[2])),
                     .channels = static_cast<std::uint8_t>(std::stoul(row[3])),
                     .sha256 = std::move(row[4]),
                     .truncate = row[5] == "every-prefix"});
    }
    return out;
  }();
  return entries;
}

const std::vector<RejectedEntry>& rejected() {
  static const std::vector<RejectedEntry> entries = [] {
    std::vector<RejectedEntry> out;
    for (auto& row : read_table("rejected.tsv", 3)) {
      const auto kind = error_kind(row[1]);
      if (!kind) {
        check::fail("unknown error kind in rejected.tsv: " + row[1],
                    std::source_location::current());
        continue;
      }
      out.push_back({.file = std::move(row[0]), .expect = *kind, .what = std::move(row[2])});
    }
    return out;
  }();
  return entries;
}

const std::vector<EncodeEntry>& encode_references() {
  static const std::vector<EncodeEntry> entries = [] {
    std::vector<EncodeEntry> out;
    for (auto& row : read_table("encode.tsv", 4)) {
      out.push_back({.source = std::move(row[0]),
                     .format = std::move(row[1]),
                     .expected = std::move(row[2])});
    }
    return out;
  }();
  return entries;
}

const GoldenEntry* find_golden(std::string_view file) {
  for (const GoldenEntry& entry : goldens()) {
    if (entry.file == file) {
      return &entry;
    }
  }
  check::fail("not in golden/manifest.tsv: " + std::string{file}, std::source_location::current());
  return nullptr;
}

std::optional<image_codec::Image> decode_golden(const GoldenEntry& entry) {
  auto image = image_codec::decode(golden_file(entry.file));
  if (!image) {
    check::fail(entry.file + ": " + image.error().message, std::source_location::current());
    return std::nullopt;
  }
  std::ostringstream got;
  got << image->width << "x" << image->height << "x" << unsigned{image->channels};
  std::ostringstream want;
  want << entry.width << "x" << entry.height << "x" << unsigned{entry.channels};
  if (got.str() != want.str()) {
    check::fail(entry.file + ": decoded " + got.str() + ", expected " + want.str(),
                std::source_location::current());
    return std::nullopt;
  }
  if (const std::string digest = sha256_hex(image->pixels.bytes()); digest != entry.sha256) {
    check::fail(entry.file + ": samples differ from the golden (sha256 " + digest + ")",
                std::source_location::current());
    return std::nullopt;
  }
  return std::move(*image);
}

std::optional<image_codec::Image> decode_golden(std::string_view file) {
  const GoldenEntry* entry = find_golden(file);
  if (entry == nullptr) {
    return std::nullopt;
  }
  return decode_golden(*entry);
}

}  // namespace test
