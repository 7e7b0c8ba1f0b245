// Replaces the two places where libc++ reports a fatal internal error by
// printing to stderr, so that the component imports no WASI at all: it only
// computes, and nothing in it can write output, read the environment or
// exit. Built for wasm only; natively the tests want the usual diagnostics.
//
// Both paths are reached only when the program itself is broken or a small
// allocation fails (a bounds-checked access out of range, a short message
// string that cannot be allocated), never because of input, whose sizes are
// checked and whose buffers are allocated with malloc. The component traps
// there, as the default handlers would, just without the message.
#include <cstddef>
#include <cstdlib>
#include <new>

// libc++'s documented hook for its assertion and no-exceptions failures;
// its macros name the versioned std namespace the library was built with.
// NOLINTBEGIN(cert-dcl58-cpp,bugprone-std-namespace-modification,modernize-concat-nested-namespaces)
_LIBCPP_BEGIN_NAMESPACE_STD
[[noreturn]] void __libcpp_verbose_abort(const char* /*format*/, ...) noexcept {  // NOLINT
  __builtin_trap();
}
_LIBCPP_END_NAMESPACE_STD
// NOLINTEND(cert-dcl58-cpp,bugprone-std-namespace-modification,modernize-concat-nested-namespaces)

// The replaceable global allocation functions ([new.delete]): malloc-based,
// trapping where libc++abi's would print "bad_alloc was thrown in
// -fno-exceptions mode" and abort.
// NOLINTBEGIN(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
void* operator new(std::size_t size) {
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  __builtin_trap();
}

void* operator new[](std::size_t size) { return ::operator new(size); }

void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return std::malloc(size == 0 ? 1 : size);
}

void* operator new[](std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return std::malloc(size == 0 ? 1 : size);
}

void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t /*size*/) noexcept { std::free(memory); }
// NOLINTEND(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
