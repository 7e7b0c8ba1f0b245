// The codec's own building blocks: the malloc-backed buffer, error message
// sanitising and the printf-free libjpeg message formatter.
#include <jerror.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "errors.h"
#include "image_codec/buffer.h"
#include "jpeg_messages.h"

namespace {

std::string format(int code, std::initializer_list<int> parameters) {
  jpeg_error_mgr manager{};
  manager.msg_code = code;
  std::ranges::copy(parameters, std::begin(manager.msg_parm.i));  // NOLINT(*-union-access)
  std::array<char, JMSG_LENGTH_MAX> out{};
  image_codec::format_jpeg_message(manager, out);
  return out.data();
}

}  // namespace

TEST(buffer_appends_and_grows) {
  image_codec::Buffer buffer;
  CHECK(buffer.size() == 0 && buffer.data() == nullptr);
  std::vector<std::uint8_t> expected;
  for (std::uint8_t i = 0; i < 200; ++i) {
    const std::array<std::uint8_t, 3> piece{i, static_cast<std::uint8_t>(i + 1), 7};
    REQUIRE(buffer.append(piece));
    expected.insert(expected.end(), piece.begin(), piece.end());
  }
  CHECK(std::ranges::equal(buffer.bytes(), expected));
  CHECK(buffer.capacity() >= buffer.size());
}

TEST(buffer_spare_and_commit_adopt_bytes_written_in_place) {
  image_codec::Buffer buffer;
  REQUIRE(buffer.grow(10));
  auto spare = buffer.spare();
  REQUIRE(spare.size() >= 10);
  std::ranges::fill(spare.first(4), std::uint8_t{9});
  buffer.commit(4);
  CHECK_EQ(buffer.size(), std::size_t{4});
  buffer.commit(buffer.capacity() + 100);  // never past the allocation
  CHECK_EQ(buffer.size(), buffer.capacity());
}

TEST(buffer_with_size_and_release) {
  auto buffer = image_codec::Buffer::with_size(1000);
  REQUIRE(buffer.has_value());
  image_codec::Buffer& owned = *buffer;
  CHECK_EQ(owned.size(), std::size_t{1000});
  std::uint8_t* bytes = owned.release();
  CHECK(bytes != nullptr && owned.size() == 0 && owned.data() == nullptr);
  // release() hands over malloc'd bytes.
  std::free(bytes);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
}

TEST(buffer_reports_impossible_sizes) {
  image_codec::Buffer buffer;
  REQUIRE(buffer.append(std::array<std::uint8_t, 1>{1}));
  CHECK(!buffer.grow(SIZE_MAX));
  // A real failed malloc (AddressSanitizer notes it on stderr).
  CHECK(!image_codec::Buffer::with_size(SIZE_MAX).has_value());
  CHECK_EQ(buffer.size(), std::size_t{1});
}

TEST(error_messages_are_printable_ascii_and_bounded) {
  const auto error =
      image_codec::make_error(image_codec::ErrorKind::invalid_format, "caf\xc3\xa9\n\x01tab\there");
  CHECK_EQ(error.message, std::string{"caf???\?tab?here"});
  const auto long_error =
      image_codec::make_error(image_codec::ErrorKind::invalid_format, std::string(1000, 'x'));
  CHECK(long_error.message.size() < 300 && long_error.message.ends_with("..."));
}

TEST(jpeg_messages_format_like_printf) {
  CHECK_EQ(format(JERR_BAD_PRECISION, {12}), std::string{"Unsupported JPEG data precision 12"});
  CHECK_EQ(format(JWRN_EXTRANEOUS_DATA, {5, 0xd9}),
           std::string{"Corrupt JPEG data: 5 extraneous bytes before marker 0xd9"});
  CHECK_EQ(format(JWRN_EXTRANEOUS_DATA, {5, 0x1}),
           std::string{"Corrupt JPEG data: 5 extraneous bytes before marker 0x01"});
  CHECK_EQ(format(JERR_OUT_OF_MEMORY, {3}), std::string{"Insufficient memory (case 3)"});
  CHECK_EQ(format(9999, {}), std::string{"Bogus message code 9999"});
  CHECK_EQ(format(JERR_BAD_DCTSIZE, {-1, 4}),
           std::string{"IDCT output block size -1 not supported"});
}

TEST(jpeg_message_strings_are_copied_up_to_their_bound) {
  jpeg_error_mgr manager{};
  manager.msg_code = JERR_TFILE_CREATE;
  // Not NUL-terminated.
  std::ranges::fill(manager.msg_parm.s, 'a');  // NOLINT(*-union-access)
  std::array<char, JMSG_LENGTH_MAX> out{};
  image_codec::format_jpeg_message(manager, out);
  CHECK_EQ(std::string{out.data()}, "Failed to create temporary file " + std::string(80, 'a'));
}
