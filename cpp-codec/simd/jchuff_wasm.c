/*
 * Huffman encoding of one baseline 8x8 block with wasm SIMD128, after
 * libjpeg-turbo's AArch64 Neon encoder (simd/arm/aarch64/jchuff-neon.c): a
 * bitmap of the non-zero coefficients in zig-zag order is built with vector
 * compares, then walked with count-trailing-zeros, so that the zero runs
 * cost nothing, where jchuff.c's C encoder tests (and mispredicts) each of
 * the 63 AC coefficients.
 *
 * Wasm-native rather than the Neon source through SIMDe: that source needs
 * an 8-byte bit-buffer layout and Arm inline assembly on 32-bit targets
 * (simd/arm/jchuff.h), and its 64-byte table lookups (vqtbl4q), per-lane
 * count-leading-zeros and variable shifts have no SIMD128 instruction, so
 * SIMDe would emulate them lane by lane. Here the coefficients stay in
 * natural order: only the bitmap is permuted into zig-zag order (byte
 * swizzles of the compare results), each non-zero coefficient is read
 * through the zig-zag table, and its bit length is one i32.clz.
 *
 * The output is the C encoder's, bit for bit: the same codes for the same
 * coefficients, only buffered 64 bits at a time instead of 32.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include "jsimd.h"

#include <stdint.h>
#include <wasm_simd128.h>

#include "jchuff_wasm.h"

/* jchuff.c's working state as a WITH_SIMD build for a target other than Arm
 * lays it out: the SIMD encoder's bit buffer is 64-bit (simd_bit_buf_type),
 * its bits right-aligned, free_bits counting the bits still free in it. */
typedef struct {
  union {
    size_t c;
    unsigned long long simd;
  } put_buffer;
  int free_bits;
  int last_dc_val[MAX_COMPS_IN_SCAN];
} savable_state;

typedef struct {
  JOCTET* next_output_byte;
  size_t free_in_buffer;
  savable_state cur;
  j_compress_ptr cinfo;
  int simd;
} working_state;

#define BIT_BUF_SIZE 64

/* The natural-order index of each zig-zag position (jutils.c's
 * jpeg_natural_order, as bytes). */
static const uint8_t zigzag_to_natural[DCTSIZE2] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

/* The same permutation as byte swizzles: zig-zag positions 16j..16j+15 take
 * from natural positions 16v..16v+15 the bytes zigzag_swizzle[j][v]
 * (zigzag_to_natural[16j + m] - 16v where that is 0..15; 128, which
 * swizzles to 0, elsewhere), so that ORing over v puts them in order. */
static const uint8_t zigzag_swizzle[4][4][16] = {
    {{0, 1, 8, 128, 9, 2, 3, 10, 128, 128, 128, 128, 128, 11, 4, 5},
     {128, 128, 128, 0, 128, 128, 128, 128, 1, 8, 128, 9, 2, 128, 128, 128},
     {128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 0, 128, 128, 128, 128, 128},
     {128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128}},
    {{12, 128, 128, 128, 128, 128, 128, 128, 128, 128, 13, 6, 7, 14, 128, 128},
     {128, 3, 10, 128, 128, 128, 128, 128, 11, 4, 128, 128, 128, 128, 5, 12},
     {128, 128, 128, 1, 8, 128, 9, 2, 128, 128, 128, 128, 128, 128, 128, 128},
     {128, 128, 128, 128, 128, 0, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128}},
    {{128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 15, 128, 128, 128, 128, 128},
     {128, 128, 128, 128, 128, 128, 128, 128, 13, 6, 128, 7, 14, 128, 128, 128},
     {3, 10, 128, 128, 128, 128, 11, 4, 128, 128, 128, 128, 128, 5, 12, 128},
     {128, 128, 1, 8, 9, 2, 128, 128, 128, 128, 128, 128, 128, 128, 128, 3}},
    {{128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128},
     {128, 128, 128, 128, 128, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128},
     {128, 128, 128, 13, 6, 128, 7, 14, 128, 128, 128, 128, 15, 128, 128, 128},
     {10, 11, 4, 128, 128, 128, 128, 128, 5, 12, 13, 6, 128, 7, 14, 15}},
};

/* Bit k set when the k-th coefficient in zig-zag order is not zero: a byte
 * of 0 or 0xFF per coefficient in natural order (compare, narrow),
 * permuted into zig-zag order (swizzles), one bit each (bitmask). */
static inline uint64_t nonzero_bitmap(const JCOEF* block) {
  const v128_t zero = wasm_i16x8_splat(0);
  v128_t natural[4];
  for (int v = 0; v < 4; v++) {
    natural[v] = wasm_i8x16_narrow_i16x8(wasm_i16x8_ne(wasm_v128_load(block + (16 * v)), zero),
                                         wasm_i16x8_ne(wasm_v128_load(block + (16 * v) + 8), zero));
  }
  uint64_t bitmap = 0;
  for (int j = 0; j < 4; j++) {
    v128_t zigzag = wasm_i8x16_splat(0);
    for (int v = 0; v < 4; v++) {
      if (j + v != 3 || (j != 0 && j != 3)) { /* (0, 3) and (3, 0) take nothing */
        zigzag = wasm_v128_or(zigzag,
                              wasm_i8x16_swizzle(natural[v], wasm_v128_load(zigzag_swizzle[j][v])));
      }
    }
    bitmap |= (uint64_t)wasm_i8x16_bitmask(zigzag) << (16 * j);
  }
  return bitmap;
}

/* The bit buffer, kept in locals: put_buffer holds the pending bits right-
 * aligned, free_bits counts the bits still free in its 64. */
typedef struct {
  JOCTET* buffer;
  uint64_t put_buffer;
  int free_bits;
} bit_writer;

/* The whole bit buffer, byte by byte: one of its bytes is 0xFF, which JPEG
 * stuffs as 0xFF 0x00. (Each byte is written with a speculative 0 after
 * it, which the next byte overwrites unless this one was 0xFF.) */
static __attribute__((noinline)) JOCTET* flush_stuffed(JOCTET* buffer, uint64_t bits) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    const unsigned char byte = (unsigned char)(bits >> shift);
    buffer[0] = byte;
    buffer[1] = 0;
    buffer += byte == 0xFF ? 2 : 1;
  }
  return buffer;
}

/* The whole bit buffer: one big-endian store when none of its bytes is
 * 0xFF. (A byte shuffle reverses the bytes: wasm has no byte swap, which
 * clang builds from a dozen shifts and masks.) */
static inline JOCTET* flush(JOCTET* buffer, uint64_t bits) {
  if (bits & 0x8080808080808080ULL & ~(bits + 0x0101010101010101ULL)) {
    return flush_stuffed(buffer, bits);
  }
  const v128_t lanes = wasm_i64x2_splat((int64_t)bits);
  wasm_v128_store64_lane(
      buffer, wasm_i8x16_shuffle(lanes, lanes, 7, 6, 5, 4, 3, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0), 0);
  return buffer + sizeof bits;
}

/* Appends the low `size` bits of `code` (size <= 32; the bits above them may
 * be set: they are shifted out before they are written). */
static inline __attribute__((always_inline)) void put_bits(bit_writer* out, uint32_t code,
                                                           int size) {
  out->free_bits -= size;
  if (out->free_bits < 0) {
    out->put_buffer = (out->put_buffer << (size + out->free_bits)) | (code >> -out->free_bits);
    out->buffer = flush(out->buffer, out->put_buffer);
    out->free_bits += BIT_BUF_SIZE;
    out->put_buffer = code;
  } else {
    out->put_buffer = (out->put_buffer << size) | code;
  }
}

/* A Huffman code followed by the nbits-bit amplitude `diff` (F.1.2.1). */
static inline __attribute__((always_inline)) void put_code(bit_writer* out, unsigned code, int size,
                                                           uint32_t diff, int nbits) {
  put_bits(out, diff | (code << nbits), nbits + size);
}

/* The amplitude bits of a coefficient: the value if positive, its ones'
 * complement if negative, in as many bits as its magnitude needs. */
static inline int amplitude(int value, uint32_t* diff) {
  const int sign = value >> 31;
  const uint32_t magnitude = (uint32_t)((value ^ sign) - sign);
  const int nbits = magnitude ? 32 - __builtin_clz(magnitude) : 0;
  *diff = (uint32_t)(value + sign) & ((1U << nbits) - 1);
  return nbits;
}

JOCTET* jsimd_huff_encode_one_block_wasm(void* state, JOCTET* buffer, JCOEFPTR block,
                                         int last_dc_val, c_derived_tbl* dctbl,
                                         c_derived_tbl* actbl) {
  working_state* const working = state;
  bit_writer out = {buffer, working->cur.put_buffer.simd, working->cur.free_bits};

  uint32_t diff = 0;
  int nbits = amplitude(block[0] - last_dc_val, &diff);
  put_code(&out, dctbl->ehufco[nbits], dctbl->ehufsi[nbits], diff, nbits);

  /* The AC coefficients (F.1.2.2): a run of r zeros and the next non-zero
   * coefficient are one code, runs over 15 take 0xF0 codes first. */
  uint64_t bitmap = nonzero_bitmap(block) & ~(uint64_t)1;
  int last = 0;
  while (bitmap != 0) {
    const int k = __builtin_ctzll(bitmap);
    bitmap &= bitmap - 1;
    int run = k - last - 1;
    last = k;
    nbits = amplitude(block[zigzag_to_natural[k]], &diff);
    for (; run > 15; run -= 16) {
      put_bits(&out, actbl->ehufco[0xF0], actbl->ehufsi[0xF0]);
    }
    const int symbol = (run << 4) + nbits;
    put_code(&out, actbl->ehufco[symbol], actbl->ehufsi[symbol], diff, nbits);
  }
  /* End of block, unless the last coefficient was coded. */
  if (last != DCTSIZE2 - 1) {
    put_bits(&out, actbl->ehufco[0], actbl->ehufsi[0]);
  }

  working->cur.put_buffer.simd = out.put_buffer;
  working->cur.free_bits = out.free_bits;
  return out.buffer;
}
