// A growable byte buffer owned through malloc/free.
//
// The component ABI frees every returned list with free(), so pixels and
// encoded files built here are handed over without a copy (release()). Every
// allocation reports failure as a value: the codec is built without C++
// exceptions, and running out of memory on a large image is an error for the
// caller, not a trap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>

namespace image_codec {

class Buffer {
 public:
  Buffer() noexcept = default;

  // `size` bytes with unspecified contents; nullopt when memory is exhausted.
  [[nodiscard]] static std::optional<Buffer> with_size(std::size_t size) noexcept;

  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] std::span<std::uint8_t> bytes() noexcept { return {bytes_.get(), size_}; }
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept {
    return {bytes_.get(), size_};
  }

  // Ensures room for `extra` more bytes, at least doubling the capacity when
  // it has to grow so that appending in small pieces stays linear.
  [[nodiscard]] bool grow(std::size_t extra) noexcept;
  // Copies `bytes` to the end.
  [[nodiscard]] bool append(std::span<const std::uint8_t> bytes) noexcept;
  // The allocated bytes past the end, for writers that fill memory in place
  // (libjpeg's destination manager); commit() then adopts what they wrote.
  [[nodiscard]] std::span<std::uint8_t> spare() noexcept;
  void commit(std::size_t count) noexcept;

  // Gives up ownership: the caller must std::free() the result.
  [[nodiscard]] std::uint8_t* release() noexcept;

 private:
  [[nodiscard]] bool reserve(std::size_t capacity) noexcept;

  struct Free {
    void operator()(std::uint8_t* bytes) const noexcept {
      std::free(bytes);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
    }
  };
  std::unique_ptr<std::uint8_t, Free> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace image_codec
