/* What the wasm SIMD128 FDCT and IDCT (jfdctint_wasm.c, jidctint_wasm.c)
 * share: libjpeg's accurate-integer constants and an 8x8 transpose of 16-bit
 * samples. Both compute jfdctint.c's and jidctint.c's arithmetic with the
 * pairs of products that SIMD128's i32x4.dot_i16x8_s adds in one
 * instruction, as libjpeg-turbo's x86 SIMD does (jfdctint-avx2.asm,
 * jidctint-avx2.asm): the same integers, regrouped. */
#ifndef IMAGE_CODEC_SIMD_DCT_WASM_H
#define IMAGE_CODEC_SIMD_DCT_WASM_H

#include <wasm_simd128.h>

#define DCT_CONST_BITS 13
#define DCT_PASS1_BITS 2

/* FIX(x) = round(x * 2^13) (jfdctint.c, jidctint.c). */
#define F_0_298 2446
#define F_0_390 3196
#define F_0_541 4433
#define F_0_765 6270
#define F_0_899 7373
#define F_1_175 9633
#define F_1_501 12299
#define F_1_847 15137
#define F_1_961 16069
#define F_2_053 16819
#define F_2_562 20995
#define F_3_072 25172

/* a * ca + b * cb, lane by lane, for the low or high four lanes of a, b:
 * one dot product of (a, b) interleaved with (ca, cb). */
static inline v128_t dct_pair_low(v128_t a, v128_t b, int16_t ca, int16_t cb) {
  return wasm_i32x4_dot_i16x8(wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11),
                              wasm_i16x8_make(ca, cb, ca, cb, ca, cb, ca, cb));
}
static inline v128_t dct_pair_high(v128_t a, v128_t b, int16_t ca, int16_t cb) {
  return wasm_i32x4_dot_i16x8(wasm_i16x8_shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15),
                              wasm_i16x8_make(ca, cb, ca, cb, ca, cb, ca, cb));
}

/* (x + 2^(n-1)) >> n on 32-bit lanes, low and high halves packed back to
 * 16 bits (saturating, which the values never need). */
static inline v128_t dct_descale(v128_t low, v128_t high, int n) {
  const v128_t half = wasm_i32x4_splat(1 << (n - 1));
  return wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(wasm_i32x4_add(low, half), (uint32_t)n),
                                 wasm_i32x4_shr(wasm_i32x4_add(high, half), (uint32_t)n));
}

/* Rows to columns: v[k] lane i becomes v[i] lane k. */
static inline void dct_transpose(v128_t v[8]) {
  v128_t a[8];
  v128_t b[8];
  for (int k = 0; k < 8; k += 2) {
    a[k] = wasm_i16x8_shuffle(v[k], v[k + 1], 0, 8, 1, 9, 2, 10, 3, 11);
    a[k + 1] = wasm_i16x8_shuffle(v[k], v[k + 1], 4, 12, 5, 13, 6, 14, 7, 15);
  }
  for (int k = 0; k < 8; k += 4) {
    b[k] = wasm_i32x4_shuffle(a[k], a[k + 2], 0, 4, 1, 5);
    b[k + 1] = wasm_i32x4_shuffle(a[k], a[k + 2], 2, 6, 3, 7);
    b[k + 2] = wasm_i32x4_shuffle(a[k + 1], a[k + 3], 0, 4, 1, 5);
    b[k + 3] = wasm_i32x4_shuffle(a[k + 1], a[k + 3], 2, 6, 3, 7);
  }
  for (int k = 0; k < 4; k++) {
    v[2 * k] = wasm_i64x2_shuffle(b[k], b[k + 4], 0, 2);
    v[(2 * k) + 1] = wasm_i64x2_shuffle(b[k], b[k + 4], 1, 3);
  }
}

#endif
