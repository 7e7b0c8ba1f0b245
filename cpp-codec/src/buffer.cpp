#include "image_codec/buffer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace image_codec {

std::optional<Buffer> Buffer::with_size(std::size_t size) noexcept {
  Buffer buffer;
  if (!buffer.reserve(size)) {
    return std::nullopt;
  }
  buffer.size_ = size;
  return buffer;
}

bool Buffer::reserve(std::size_t capacity) noexcept {
  if (capacity <= capacity_) {
    return true;
  }
  // realloc keeps what was written; when it fails the old block stays ours.
  // malloc-family memory is the point of this class (see buffer.h).
  // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  void* grown = std::realloc(bytes_.get(), capacity);
  if (grown == nullptr) {
    return false;
  }
  std::ignore = bytes_.release();
  bytes_.reset(static_cast<std::uint8_t*>(grown));
  capacity_ = capacity;
  return true;
}

bool Buffer::grow(std::size_t extra) noexcept {
  if (extra <= capacity_ - size_) {
    return true;
  }
  constexpr std::size_t max_size = std::numeric_limits<std::size_t>::max();
  if (extra > max_size - size_) {
    return false;
  }
  const std::size_t needed = size_ + extra;
  const std::size_t doubled = capacity_ > max_size / 2 ? max_size : capacity_ * 2;
  // Doubling may ask for more than the memory left while `needed` still fits.
  return reserve(std::max(needed, doubled)) || reserve(needed);
}

bool Buffer::append(std::span<const std::uint8_t> bytes) noexcept {
  if (bytes.empty()) {
    return true;
  }
  if (!grow(bytes.size())) {
    return false;
  }
  std::memcpy(spare().data(), bytes.data(), bytes.size());
  commit(bytes.size());
  return true;
}

std::span<std::uint8_t> Buffer::spare() noexcept {
  return std::span<std::uint8_t>{bytes_.get(), capacity_}.subspan(size_);
}

void Buffer::commit(std::size_t count) noexcept { size_ += std::min(count, capacity_ - size_); }

std::uint8_t* Buffer::release() noexcept {
  size_ = 0;
  capacity_ = 0;
  return bytes_.release();
}

}  // namespace image_codec
