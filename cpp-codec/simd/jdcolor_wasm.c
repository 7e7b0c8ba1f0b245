/*
 * YCbCr to packed 3-byte RGB (JCS_RGB, JCS_EXT_RGB) with wasm SIMD128: the
 * arithmetic of libjpeg-turbo's Neon version (simd/arm/jdcolext-neon.c),
 * which gives jdcolor.c's pixels, with SIMD128's instructions for it:
 *   R = Y + vqrdmulh(2 (Cr - 128), 22971)    = Y + q15mulr(2 (Cr - 128), 22971)
 *   B = Y + vqrdmulh(2 (Cb - 128), 29033)    = Y + q15mulr(2 (Cb - 128), 29033)
 *   G = Y + ((-11277 (Cb - 128) - 23401 (Cr - 128) + 2^14) >> 15)
 * G's two products are one i32x4.dot_i16x8_s of (Cb, Cr) pairs, where the
 * Neon code multiplies them one at a time on 64-bit halves.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include <string.h>
#include <wasm_simd128.h>

#include "jdcolor_wasm.h"

/* G - Y for eight pixels (Cb - 128, Cr - 128 in 16-bit lanes). */
static inline v128_t green_offset(v128_t cb, v128_t cr) {
  const v128_t constants =
      wasm_i16x8_make(-11277, -23401, -11277, -23401, -11277, -23401, -11277, -23401);
  const v128_t half = wasm_i32x4_splat(1 << 14);
  const v128_t low =
      wasm_i32x4_dot_i16x8(wasm_i16x8_shuffle(cb, cr, 0, 8, 1, 9, 2, 10, 3, 11), constants);
  const v128_t high =
      wasm_i32x4_dot_i16x8(wasm_i16x8_shuffle(cb, cr, 4, 12, 5, 13, 6, 14, 7, 15), constants);
  return wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(wasm_i32x4_add(low, half), 15),
                                 wasm_i32x4_shr(wasm_i32x4_add(high, half), 15));
}

/* R, G, B of eight pixels, saturated to 0..255 (16-bit lanes). */
static inline void rgb8(v128_t y, v128_t cb, v128_t cr, v128_t* r, v128_t* g, v128_t* b) {
  const v128_t center = wasm_i16x8_splat(128);
  cb = wasm_i16x8_sub(cb, center);
  cr = wasm_i16x8_sub(cr, center);
  *r = wasm_i16x8_add(y, wasm_i16x8_q15mulr_sat(wasm_i16x8_shl(cr, 1), wasm_i16x8_splat(22971)));
  *b = wasm_i16x8_add(y, wasm_i16x8_q15mulr_sat(wasm_i16x8_shl(cb, 1), wasm_i16x8_splat(29033)));
  *g = wasm_i16x8_add(y, green_offset(cb, cr));
}

/* 16 pixels to 48 bytes R G B R G B ... */
static inline void convert16(const JSAMPLE* y, const JSAMPLE* cb, const JSAMPLE* cr, JSAMPLE* out) {
  const v128_t y16 = wasm_v128_load(y);
  const v128_t cb16 = wasm_v128_load(cb);
  const v128_t cr16 = wasm_v128_load(cr);
  v128_t r[2];
  v128_t g[2];
  v128_t b[2];
  rgb8(wasm_u16x8_extend_low_u8x16(y16), wasm_u16x8_extend_low_u8x16(cb16),
       wasm_u16x8_extend_low_u8x16(cr16), &r[0], &g[0], &b[0]);
  rgb8(wasm_u16x8_extend_high_u8x16(y16), wasm_u16x8_extend_high_u8x16(cb16),
       wasm_u16x8_extend_high_u8x16(cr16), &r[1], &g[1], &b[1]);
  const v128_t red = wasm_u8x16_narrow_i16x8(r[0], r[1]);
  const v128_t green = wasm_u8x16_narrow_i16x8(g[0], g[1]);
  const v128_t blue = wasm_u8x16_narrow_i16x8(b[0], b[1]);
  /* Interleave, as SIMDe's vst3q_u8 does: two shuffles per 16 bytes. */
  const v128_t rg0 =
      wasm_i8x16_shuffle(red, green, 0, 16, 6, 1, 17, 7, 2, 18, 8, 3, 19, 9, 4, 20, 10, 5);
  wasm_v128_store(
      out, wasm_i8x16_shuffle(rg0, blue, 0, 1, 16, 3, 4, 17, 6, 7, 18, 9, 10, 19, 12, 13, 20, 15));
  const v128_t gb1 =
      wasm_i8x16_shuffle(green, blue, 5, 21, 11, 6, 22, 12, 7, 23, 13, 8, 24, 14, 9, 25, 15, 10);
  wasm_v128_store(out + 16, wasm_i8x16_shuffle(gb1, rg0, 0, 1, 18, 3, 4, 21, 6, 7, 24, 9, 10, 27,
                                               12, 13, 30, 15));
  const v128_t br2 =
      wasm_i8x16_shuffle(blue, red, 10, 27, 0, 11, 28, 0, 12, 29, 0, 13, 30, 0, 14, 31, 0, 15);
  wasm_v128_store(out + 32, wasm_i8x16_shuffle(br2, gb1, 0, 1, 18, 3, 4, 21, 6, 7, 24, 9, 10, 27,
                                               12, 13, 30, 15));
}

void jsimd_ycc_rgb_convert_wasm(JDIMENSION output_width, JSAMPIMAGE input_buf, JDIMENSION input_row,
                                JSAMPARRAY output_buf, int num_rows) {
  while (--num_rows >= 0) {
    const JSAMPLE* y = input_buf[0][input_row];
    const JSAMPLE* cb = input_buf[1][input_row];
    const JSAMPLE* cr = input_buf[2][input_row];
    input_row++;
    JSAMPLE* out = *output_buf++;
    JDIMENSION col = 0;
    for (; col + 16 <= output_width; col += 16) {
      convert16(y + col, cb + col, cr + col, out + (3 * col));
    }
    if (col < output_width) {
      /* The inputs are libjpeg's padded rows; the output is the caller's
       * row, written only up to its end. */
      JSAMPLE tail[48];
      convert16(y + col, cb + col, cr + col, tail);
      memcpy(out + (3 * col), tail, 3 * (size_t)(output_width - col));
    }
  }
}
