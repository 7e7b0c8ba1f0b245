/*
 * Quantisation of one DCT block with wasm SIMD128.
 *
 * libjpeg divides by the quantisation step with a reciprocal: q = ((|x| +
 * corr) * recip) >> (16 + shift), the tables made by jcdctmgr.c's
 * compute_reciprocal(). The Neon version (simd/arm/jquanti-neon.c) applies
 * the per-coefficient shift with vshlq_u16, a variable shift that SIMD128
 * lacks and SIMDe emulates one lane at a time. Here the shift is a second
 * multiply-high by the scale 2^(16 - shift) that compute_reciprocal() also
 * stores in WITH_SIMD builds (libjpeg-turbo's x86 SIMD does the same):
 * ((a * recip) >> 16) * 2^(16 - shift) >> 16 = (a * recip) >> (16 + shift).
 * jcdctmgr.c keeps its C quantize() for the tables where the scale would
 * not fit 16 bits (steps of 1), so every table that reaches this one has
 * shift >= 1.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include "jdct.h"

#include <wasm_simd128.h>

#include "jquanti_wasm.h"

/* The high 16 bits of the unsigned 32-bit products. */
static inline v128_t mulhi_u16(v128_t a, v128_t b) {
  const v128_t low = wasm_u32x4_extmul_low_u16x8(a, b);
  const v128_t high = wasm_u32x4_extmul_high_u16x8(a, b);
  return wasm_i16x8_shuffle(low, high, 1, 3, 5, 7, 9, 11, 13, 15);
}

void jsimd_quantize_wasm(JCOEFPTR coef_block, DCTELEM* divisors, DCTELEM* workspace) {
  const DCTELEM* recip = divisors;
  const DCTELEM* corr = divisors + DCTSIZE2;
  const DCTELEM* scale = divisors + (2 * DCTSIZE2);
  for (int i = 0; i < DCTSIZE2; i += 8) {
    const v128_t coefs = wasm_v128_load(workspace + i);
    const v128_t sign = wasm_i16x8_shr(coefs, 15);
    /* |x| + corr fits 16 bits unsigned: |x| <= 2^13 for 8-bit samples
     * (|-32768| reads as 32768), corr <= 2^10. */
    v128_t magnitude = wasm_i16x8_add(wasm_i16x8_abs(coefs), wasm_v128_load(corr + i));
    magnitude = mulhi_u16(magnitude, wasm_v128_load(recip + i));
    magnitude = mulhi_u16(magnitude, wasm_v128_load(scale + i));
    wasm_v128_store(coef_block + i, wasm_i16x8_sub(wasm_v128_xor(magnitude, sign), sign));
  }
}
