/*
 * RGB to YCbCr for packed 3-byte RGB (JCS_RGB, JCS_EXT_RGB) with wasm
 * SIMD128: jccolor.c's sums, each a pair of i32x4.dot_i16x8_s.
 *
 * jccolor.c adds table entries of FIX(c) * sample (16 fractional bits):
 *   Y  = ( 19595 R + 38470 G +  7471 B + 2^15)             >> 16
 *   Cb = (-11059 R - 21709 G + 32768 B + 128 * 2^16 + 2^15 - 1) >> 16
 *   Cr = ( 32768 R - 27439 G -  5329 B + 128 * 2^16 + 2^15 - 1) >> 16
 * A dot product multiplies 16-bit pairs by signed 16-bit constants, so the
 * coefficients over 2^15 are split between two pairs (38470 G as 19235 G
 * twice, 32768 B and 32768 R as 16384 twice): the same integers. The pairs
 * come straight from the pixel bytes by swizzle, with zero high bytes.
 *
 * Wasm-native rather than the Neon source through SIMDe: that one loads
 * 8 pixels with vld3 (three shuffles) and multiplies one product at a time
 * on 64-bit halves; this does 16 pixels per step, two products at a time.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include <string.h>
#include <wasm_simd128.h>

#include "jccolor_wasm.h"

#define Z 0x80 /* a swizzle index that gives 0 */

/* For four pixels (12 bytes) at the start of a vector: the (R, G), (B, G),
 * (R, B) and (G, B) pairs as 16-bit lanes. */
static const uint8_t pairs[4][16] = {
    {0, Z, 1, Z, 3, Z, 4, Z, 6, Z, 7, Z, 9, Z, 10, Z},
    {2, Z, 1, Z, 5, Z, 4, Z, 8, Z, 7, Z, 11, Z, 10, Z},
    {0, Z, 2, Z, 3, Z, 5, Z, 6, Z, 8, Z, 9, Z, 11, Z},
    {1, Z, 2, Z, 4, Z, 5, Z, 7, Z, 8, Z, 10, Z, 11, Z},
};

typedef struct {
  v128_t y, cb, cr;
} ycc4;

/* Four pixels at byte `at` of the vector `pixels`. */
static inline ycc4 convert4(v128_t pixels, int at) {
  const v128_t shift = wasm_i8x16_splat((int8_t)at);
  const v128_t rg = wasm_i8x16_swizzle(pixels, wasm_i8x16_add(wasm_v128_load(pairs[0]), shift));
  const v128_t bg = wasm_i8x16_swizzle(pixels, wasm_i8x16_add(wasm_v128_load(pairs[1]), shift));
  const v128_t rb = wasm_i8x16_swizzle(pixels, wasm_i8x16_add(wasm_v128_load(pairs[2]), shift));
  const v128_t gb = wasm_i8x16_swizzle(pixels, wasm_i8x16_add(wasm_v128_load(pairs[3]), shift));
  const v128_t y_bias = wasm_i32x4_splat(1 << 15);
  const v128_t c_bias = wasm_i32x4_splat((128 << 16) + (1 << 15) - 1);
  ycc4 out;
  out.y = wasm_i32x4_add(
      wasm_i32x4_add(wasm_i32x4_dot_i16x8(rg, wasm_i16x8_make(19595, 19235, 19595, 19235, 19595,
                                                              19235, 19595, 19235)),
                     wasm_i32x4_dot_i16x8(
                         bg, wasm_i16x8_make(7471, 19235, 7471, 19235, 7471, 19235, 7471, 19235))),
      y_bias);
  out.cb = wasm_i32x4_add(
      wasm_i32x4_add(wasm_i32x4_dot_i16x8(rb, wasm_i16x8_make(-11059, 16384, -11059, 16384, -11059,
                                                              16384, -11059, 16384)),
                     wasm_i32x4_dot_i16x8(gb, wasm_i16x8_make(-21709, 16384, -21709, 16384, -21709,
                                                              16384, -21709, 16384))),
      c_bias);
  out.cr = wasm_i32x4_add(
      wasm_i32x4_add(wasm_i32x4_dot_i16x8(rg, wasm_i16x8_make(16384, -27439, 16384, -27439, 16384,
                                                              -27439, 16384, -27439)),
                     wasm_i32x4_dot_i16x8(rb, wasm_i16x8_make(16384, -5329, 16384, -5329, 16384,
                                                              -5329, 16384, -5329))),
      c_bias);
  return out;
}

/* 16 sums of 16.16 fixed point to 16 bytes: >> 16, then narrowed (the
 * values are 0..255 by construction). */
static inline v128_t to_bytes(v128_t a, v128_t b, v128_t c, v128_t d) {
  return wasm_u8x16_narrow_i16x8(
      wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(a, 16), wasm_i32x4_shr(b, 16)),
      wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(c, 16), wasm_i32x4_shr(d, 16)));
}

/* 16 pixels (48 bytes at `rgb`, read exactly): the last four are read at
 * byte 32 of the last vector, so that nothing past byte 47 is loaded. */
static inline void convert16(const JSAMPLE* rgb, JSAMPLE* y, JSAMPLE* cb, JSAMPLE* cr) {
  const ycc4 p0 = convert4(wasm_v128_load(rgb), 0);
  const ycc4 p1 = convert4(wasm_v128_load(rgb + 12), 0);
  const ycc4 p2 = convert4(wasm_v128_load(rgb + 24), 0);
  const ycc4 p3 = convert4(wasm_v128_load(rgb + 32), 4);
  wasm_v128_store(y, to_bytes(p0.y, p1.y, p2.y, p3.y));
  wasm_v128_store(cb, to_bytes(p0.cb, p1.cb, p2.cb, p3.cb));
  wasm_v128_store(cr, to_bytes(p0.cr, p1.cr, p2.cr, p3.cr));
}

void jsimd_rgb_ycc_convert_wasm(JDIMENSION image_width, JSAMPARRAY input_buf, JSAMPIMAGE output_buf,
                                JDIMENSION output_row, int num_rows) {
  while (--num_rows >= 0) {
    const JSAMPLE* in = *input_buf++;
    JSAMPLE* y = output_buf[0][output_row];
    JSAMPLE* cb = output_buf[1][output_row];
    JSAMPLE* cr = output_buf[2][output_row];
    output_row++;
    JDIMENSION col = 0;
    for (; col + 16 <= image_width; col += 16) {
      convert16(in + (3 * col), y + col, cb + col, cr + col);
    }
    if (col < image_width) {
      /* The last pixels from a copy: the input row may end there. The
       * outputs may be written up to a whole 16 (libjpeg's rows are
       * allocated in multiples of 64 samples, as every SIMD version
       * assumes). */
      _Alignas(16) JSAMPLE tail[48] = {0};
      memcpy(tail, in + (3 * col), 3 * (size_t)(image_width - col));
      convert16(tail, y + col, cb + col, cr + col);
    }
  }
}
