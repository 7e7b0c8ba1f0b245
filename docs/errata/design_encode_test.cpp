// Runs the design's C++ `encode` (§2.2 step 4, design-encode.inc, verbatim)
// natively against the system libjpeg, with the types its generated header
// would declare. It encodes a 3-channel image, asks for PNG (which the
// design's `supported_formats` lists), then encodes the 1-channel image
// that grayscale produces: `JCS_RGB` is hard-coded, and libjpeg's default
// error handler calls exit(), which in a component ends the whole instance.
//
//   c++ -std=c++17 -o build/docs/design-encode docs/errata/design_encode_test.cpp -ljpeg

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include <jpeglib.h>

// What `#include "image-processing.h"` would have declared.
template <class T>
using list = std::vector<T>;
using std::string;
struct image {
  uint32_t width;
  uint32_t height;
  uint8_t channels;
  list<uint8_t> data;
};
struct error {
  string message;
  static error invalid_format(string m) { return {std::move(m)}; }
};
template <class T, class E>
using result = std::variant<T, E>;

result<list<uint8_t>, error> encode(image img, string format) {
#include "design-encode.inc"
}

static void show(const char* what, const result<list<uint8_t>, error>& r) {
  if (const auto* bytes = std::get_if<list<uint8_t>>(&r)) {
    std::printf("%s: ok, a JPEG of %s bytes\n", what, bytes->empty() ? "0" : "some");
  } else {
    std::printf("%s: error: %s\n", what, std::get<error>(r).message.c_str());
  }
  std::fflush(stdout);
}

int main() {
  show("encode(2x2 RGB, \"jpeg\")", encode({2, 2, 3, list<uint8_t>(12, 128)}, "jpeg"));
  show("encode(2x2 RGB, \"png\")", encode({2, 2, 3, list<uint8_t>(12, 128)}, "png"));
  show("encode(2x2 gray, \"jpeg\")", encode({2, 2, 1, list<uint8_t>(4, 128)}, "jpeg"));
  std::puts("not reached: libjpeg exited the process");
}
