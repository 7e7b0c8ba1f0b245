// Test-only trap injection, compiled in only with -DCODEC_TRAP_INJECTION
// (host/traps.mk builds that into build/trap/; the release component never
// has it): decode() of an input that starts with "TRAP:" and a kind fails
// the way C++ code can fail, so that the host's trap recovery is tested
// against real traps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

namespace codec_trap {

inline constexpr std::string_view magic = "TRAP:";

// What operator new does without exceptions when malloc fails: abort. The
// blocks are written to, so that they are really used.
[[noreturn]] inline void exhaust_memory() {
  for (;;) {
    void* block = std::malloc(std::size_t{16} << 20U);
    if (block == nullptr) {
      std::abort();
    }
    static_cast<volatile unsigned char*>(block)[0] = 1;
  }
}

// abort: std::abort(); trap: __builtin_trap(); oom: exhaust_memory();
// loop: never return (only the host's deadline stops it).
inline void maybe_trap(std::span<const std::uint8_t> data) {
  const std::string_view text{reinterpret_cast<const char*>(data.data()), data.size()};
  if (!text.starts_with(magic)) {
    return;
  }
  const std::string_view kind = text.substr(magic.size());
  if (kind == "abort") {
    std::abort();
  }
  if (kind == "trap") {
    __builtin_trap();
  }
  if (kind == "oom") {
    exhaust_memory();
  }
  if (kind == "loop") {
    volatile bool forever = true;
    while (forever) {
    }
  }
}

}  // namespace codec_trap
