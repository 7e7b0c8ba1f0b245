#include "support.h"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>

#include "check.h"

#ifdef __has_feature
#if __has_feature(address_sanitizer)
#include <sanitizer/allocator_interface.h>
#endif
#endif

namespace test {

namespace {

std::filesystem::path& encoded_directory() {
  static std::filesystem::path directory;
  return directory;
}

void write_file(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out{path, std::ios::binary};
  out.write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT: byte I/O
            static_cast<std::streamsize>(bytes.size()));
}

// What the allocation hook records; function-local so that it exists
// before the first allocation of static initialisation.
struct ProbeState {
  std::atomic<bool> probing{false};
  std::atomic<std::size_t> largest{0};
};

ProbeState& probe_state() {
  static ProbeState state;
  return state;
}

#ifdef SANITIZER_ALLOCATOR_INTERFACE_H
void on_malloc(const volatile void* /*memory*/, std::size_t size) {
  ProbeState& state = probe_state();
  if (state.probing.load(std::memory_order_relaxed)) {
    std::size_t seen = state.largest.load(std::memory_order_relaxed);
    while (size > seen && !state.largest.compare_exchange_weak(seen, size)) {
    }
  }
}

void on_free(const volatile void* /*memory*/) {}

bool install_hooks() {
  static const bool installed = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0;
  return installed;
}
#else
bool install_hooks() { return false; }
#endif

}  // namespace

void set_encoded_directory(std::filesystem::path directory) {
  encoded_directory() = std::move(directory);
  std::filesystem::create_directories(encoded_directory());
}

void save_encoded(std::string_view name, std::span<const std::uint8_t> file,
                  const image_codec::ImageView& source) {
  write_file(encoded_directory() / name, file);
  std::ostringstream header;
  header << source.width << ' ' << source.height << ' ' << unsigned{source.channels} << '\n';
  const std::string text = header.str();
  Bytes pixels{text.begin(), text.end()};
  pixels.insert(pixels.end(), source.pixels.begin(), source.pixels.end());
  write_file(encoded_directory() / (std::string{name} + ".pixels"), pixels);
}

Difference difference(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  Difference result;
  if (a.size() != b.size() || a.empty()) {
    result.max = 256;
    return result;
  }
  double total = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int delta = std::abs(int{a[i]} - int{b[i]});
    result.max = std::max(result.max, delta);
    total += delta;
  }
  result.mean = total / static_cast<double>(a.size());
  return result;
}

void fix_png_crc(Bytes& png, std::size_t type_offset) {
  const std::size_t length = std::size_t{png.at(type_offset - 4)} << 24U |
                             std::size_t{png.at(type_offset - 3)} << 16U |
                             std::size_t{png.at(type_offset - 2)} << 8U | png.at(type_offset - 1);
  const std::span<const std::uint8_t> covered{png.data() + type_offset, length + 4};
  const auto crc =
      static_cast<std::uint32_t>(crc32(0, covered.data(), static_cast<uInt>(covered.size())));
  const std::size_t at = type_offset + 4 + length;
  for (std::size_t i = 0; i < 4; ++i) {
    png.at(at + i) = static_cast<std::uint8_t>(crc >> (24 - (8 * i)));
  }
}

std::size_t find_marker(std::span<const std::uint8_t> jpeg, std::uint8_t marker) {
  for (std::size_t i = 0; i + 1 < jpeg.size(); ++i) {
    if (jpeg[i] == 0xFF && jpeg[i + 1] == marker) {
      return i;
    }
  }
  return jpeg.size();
}

AllocationProbe::AllocationProbe() {
  static_cast<void>(install_hooks());
  probe_state().largest = 0;
  probe_state().probing = true;
}

AllocationProbe::~AllocationProbe() { probe_state().probing = false; }

bool AllocationProbe::available() { return install_hooks(); }

std::size_t AllocationProbe::largest() { return probe_state().largest; }

}  // namespace test

namespace image_codec {

std::ostream& operator<<(std::ostream& out, ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_format:
      return out << "invalid-format";
    case ErrorKind::processing_failed:
      return out << "processing-failed";
    case ErrorKind::out_of_memory:
      return out << "out-of-memory";
  }
  return out << "unknown";
}

}  // namespace image_codec
