// The rejected corpus (golden/rejected.tsv) and every truncation of the
// goldens marked for it: each input gives its typed error, allocates nothing
// image-sized, and the next decode succeeds.
#include <cstddef>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <string_view>

#include "check.h"
#include "golden.h"
#include "sha256.h"
#include "support.h"

namespace {

using image_codec::ErrorKind;

// Far below any pixel buffer the rejected headers declare, far above what
// libpng, zlib and libjpeg need for the small images of the corpus.
constexpr std::size_t image_sized = std::size_t{1} << 20U;

// A golden of each format, decoded after every failure to show the codec
// is still usable.
class Recovery {
 public:
  Recovery()
      : png_{test::find_golden("png/rgb_8.png")},
        jpeg_{test::find_golden("jpeg/ycc420_baseline.jpg")} {
    if (png_ != nullptr) {
      png_bytes_ = test::golden_file(png_->file);
    }
    if (jpeg_ != nullptr) {
      jpeg_bytes_ = test::golden_file(jpeg_->file);
    }
  }

  // Whether both goldens still decode exactly, reporting `after` if not.
  [[nodiscard]] bool check(std::string_view after) const {
    const bool ok = decodes(png_, png_bytes_) && decodes(jpeg_, jpeg_bytes_);
    if (!ok) {
      check::fail("decoding failed after " + std::string{after}, std::source_location::current());
    }
    return ok;
  }

 private:
  static bool decodes(const test::GoldenEntry* entry, std::span<const std::uint8_t> file) {
    const auto image = image_codec::decode(file);
    return entry != nullptr && image && test::sha256_hex(image->pixels.bytes()) == entry->sha256;
  }

  const test::GoldenEntry* png_;
  const test::GoldenEntry* jpeg_;
  test::Bytes png_bytes_;
  test::Bytes jpeg_bytes_;
};

struct Outcome {
  bool decoded = false;
  ErrorKind kind = ErrorKind::invalid_format;
  std::string message;
  std::size_t largest_allocation = 0;
};

Outcome decode_probed(std::span<const std::uint8_t> file) {
  const test::AllocationProbe probe;
  const auto result = image_codec::decode(file);
  if (result) {
    return {.decoded = true,
            .kind = ErrorKind::invalid_format,
            .message = {},
            .largest_allocation = test::AllocationProbe::largest()};
  }
  return {.decoded = false,
          .kind = result.error().kind,
          .message = result.error().message,
          .largest_allocation = test::AllocationProbe::largest()};
}

// What is wrong with `outcome` for an input that must fail with `expect`,
// or empty.
std::string problem(const Outcome& outcome, ErrorKind expect) {
  std::ostringstream out;
  if (outcome.decoded) {
    out << "decoded";
  } else if (outcome.kind != expect) {
    out << outcome.kind << " (" << outcome.message << "), expected " << expect;
  } else if (expect == ErrorKind::invalid_format && outcome.message.empty()) {
    out << "invalid-format without a message";
  } else if (test::AllocationProbe::available() && outcome.largest_allocation >= image_sized) {
    out << "allocated " << outcome.largest_allocation << " bytes at once";
  }
  return out.str();
}

}  // namespace

TEST(every_rejected_input_gives_its_error_and_the_codec_recovers) {
  REQUIRE(!test::rejected().empty());
  const Recovery recovery;
  for (const test::RejectedEntry& entry : test::rejected()) {
    const test::Bytes file = test::golden_file(entry.file);
    if (const std::string wrong = problem(decode_probed(file), entry.expect); !wrong.empty()) {
      check::fail(entry.file + " (" + entry.what + "): " + wrong, std::source_location::current());
    }
    static_cast<void>(recovery.check(entry.file));
  }
}

TEST(every_truncation_is_invalid_format_and_the_codec_recovers) {
  const Recovery recovery;
  std::size_t truncated_files = 0;
  for (const test::GoldenEntry& entry : test::goldens()) {
    if (!entry.truncate) {
      continue;
    }
    ++truncated_files;
    const test::Bytes file = test::golden_file(entry.file);
    // Once the signature is whole, the library that refused it says so.
    const bool png = entry.file.starts_with("png/");
    const std::size_t signature = png ? 8 : 3;
    const std::string_view library = png ? "png: " : "jpeg: ";
    for (std::size_t length = 0; length < file.size(); ++length) {
      const Outcome outcome = decode_probed(std::span{file}.first(length));
      std::string wrong = problem(outcome, ErrorKind::invalid_format);
      if (wrong.empty() && length >= signature && !outcome.message.starts_with(library)) {
        wrong = "message \"" + outcome.message + "\" not from " + std::string{library};
      }
      const std::string name = entry.file + " cut to " + std::to_string(length) + " bytes";
      if (!wrong.empty()) {
        std::ostringstream message;
        message << name << ": " << wrong;
        check::fail(message.str(), std::source_location::current());
        break;
      }
      if (!recovery.check(name)) {
        break;
      }
    }
  }
  CHECK(truncated_files >= 6);
}
