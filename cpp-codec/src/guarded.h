// The one place that calls setjmp.
//
// libpng and libjpeg report every error by calling a handler that must not
// return; ours record the error and longjmp back here. On wasm32 that longjmp
// is a wasm exception (see sjlj/rt.c); natively it is the C library's.
#pragma once

#include <csetjmp>
#include <utility>

namespace image_codec {

// Runs `body` and returns true, or returns false as soon as a library error
// handler longjmps to `env`.
//
// A longjmp skips destructors, so `body` must not own objects with
// destructors while it calls into the library: it passes plain pointers and
// integers, and everything that needs freeing (libpng/libjpeg state, pixel
// buffers) lives in the caller, which releases it on both paths.
template <class Body>
[[nodiscard]] bool run_guarded(std::jmp_buf& env, Body&& body) {
  // NOLINTNEXTLINE(cert-err52-cpp,modernize-avoid-setjmp-longjmp): libraries use it
  if (setjmp(env) != 0) {
    return false;
  }
  std::forward<Body>(body)();
  return true;
}

}  // namespace image_codec
