/*
 * The accurate integer forward DCT of one 8x8 block with wasm SIMD128:
 * jfdctint.c's arithmetic (the LL&M algorithm, 13-bit constants, two
 * passes) on eight columns or rows at once, each product pair one
 * i32x4.dot_i16x8_s, after libjpeg-turbo's x86 SIMD (jfdctint-avx2.asm).
 *
 * Wasm-native rather than the Neon source through SIMDe: the Neon code
 * multiplies one product at a time on 64-bit halves, which on SIMD128 costs
 * an extension and a 32-bit multiply each; this does half the multiplies,
 * each summing two products, in twice the lanes. Same integers throughout:
 * sums and products are only regrouped, every intermediate fits its lanes
 * (16 bits before the multiplies for 8-bit samples, as in every SIMD
 * version of this code), and the rounding is jfdctint.c's DESCALE.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include "jdct.h"

#include "dct_wasm.h"
#include "jfdctint_wasm.h"

/* One 1-D DCT of the eight vectors d[0..7] (element k of each lane's
 * sequence in d[k]), in place: d[k] becomes output k. Pass 1 scales the
 * results up by 2^PASS1_BITS, pass 2 removes that scaling. */
static inline void fdct_1d(v128_t d[8], int pass) {
  const v128_t tmp0 = wasm_i16x8_add(d[0], d[7]);
  const v128_t tmp7 = wasm_i16x8_sub(d[0], d[7]);
  const v128_t tmp1 = wasm_i16x8_add(d[1], d[6]);
  const v128_t tmp6 = wasm_i16x8_sub(d[1], d[6]);
  const v128_t tmp2 = wasm_i16x8_add(d[2], d[5]);
  const v128_t tmp5 = wasm_i16x8_sub(d[2], d[5]);
  const v128_t tmp3 = wasm_i16x8_add(d[3], d[4]);
  const v128_t tmp4 = wasm_i16x8_sub(d[3], d[4]);

  /* Even part. */
  const v128_t tmp10 = wasm_i16x8_add(tmp0, tmp3);
  const v128_t tmp13 = wasm_i16x8_sub(tmp0, tmp3);
  const v128_t tmp11 = wasm_i16x8_add(tmp1, tmp2);
  const v128_t tmp12 = wasm_i16x8_sub(tmp1, tmp2);
  if (pass == 1) {
    d[0] = wasm_i16x8_shl(wasm_i16x8_add(tmp10, tmp11), DCT_PASS1_BITS);
    d[4] = wasm_i16x8_shl(wasm_i16x8_sub(tmp10, tmp11), DCT_PASS1_BITS);
  } else {
    const v128_t half = wasm_i16x8_splat(1 << (DCT_PASS1_BITS - 1));
    d[0] = wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_add(tmp10, tmp11), half), DCT_PASS1_BITS);
    d[4] = wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_sub(tmp10, tmp11), half), DCT_PASS1_BITS);
  }
  const int descale = pass == 1 ? DCT_CONST_BITS - DCT_PASS1_BITS : DCT_CONST_BITS + DCT_PASS1_BITS;
  /* z1 = (tmp12 + tmp13) * 0.541196100, out2 = z1 + tmp13 * 0.765366865,
   * out6 = z1 - tmp12 * 1.847759065. */
  d[2] = dct_descale(dct_pair_low(tmp13, tmp12, F_0_541 + F_0_765, F_0_541),
                     dct_pair_high(tmp13, tmp12, F_0_541 + F_0_765, F_0_541), descale);
  d[6] = dct_descale(dct_pair_low(tmp13, tmp12, F_0_541, F_0_541 - F_1_847),
                     dct_pair_high(tmp13, tmp12, F_0_541, F_0_541 - F_1_847), descale);

  /* Odd part: z5 = (z3 + z4) * 1.175875602 folded into z3 and z4, and
   * z1 = tmp4 + tmp7, z2 = tmp5 + tmp6 into their tmp products. */
  const v128_t z3 = wasm_i16x8_add(tmp4, tmp6);
  const v128_t z4 = wasm_i16x8_add(tmp5, tmp7);
  const v128_t z3_low = dct_pair_low(z3, z4, F_1_175 - F_1_961, F_1_175);
  const v128_t z3_high = dct_pair_high(z3, z4, F_1_175 - F_1_961, F_1_175);
  const v128_t z4_low = dct_pair_low(z3, z4, F_1_175, F_1_175 - F_0_390);
  const v128_t z4_high = dct_pair_high(z3, z4, F_1_175, F_1_175 - F_0_390);

  d[7] = dct_descale(
      wasm_i32x4_add(dct_pair_low(tmp4, tmp7, F_0_298 - F_0_899, -F_0_899), z3_low),
      wasm_i32x4_add(dct_pair_high(tmp4, tmp7, F_0_298 - F_0_899, -F_0_899), z3_high), descale);
  d[1] = dct_descale(
      wasm_i32x4_add(dct_pair_low(tmp4, tmp7, -F_0_899, F_1_501 - F_0_899), z4_low),
      wasm_i32x4_add(dct_pair_high(tmp4, tmp7, -F_0_899, F_1_501 - F_0_899), z4_high), descale);
  d[5] = dct_descale(
      wasm_i32x4_add(dct_pair_low(tmp5, tmp6, F_2_053 - F_2_562, -F_2_562), z4_low),
      wasm_i32x4_add(dct_pair_high(tmp5, tmp6, F_2_053 - F_2_562, -F_2_562), z4_high), descale);
  d[3] = dct_descale(
      wasm_i32x4_add(dct_pair_low(tmp5, tmp6, -F_2_562, F_3_072 - F_2_562), z3_low),
      wasm_i32x4_add(dct_pair_high(tmp5, tmp6, -F_2_562, F_3_072 - F_2_562), z3_high), descale);
}

void jsimd_fdct_islow_wasm(DCTELEM* data) {
  v128_t v[8];
  for (int row = 0; row < 8; row++) {
    v[row] = wasm_v128_load(data + (row * DCTSIZE));
  }
  /* Pass 1 on the rows: columns into vectors, so that each lane is a row. */
  dct_transpose(v);
  fdct_1d(v, 1);
  /* Pass 2 on the columns: back again, each lane a column. */
  dct_transpose(v);
  fdct_1d(v, 2);
  for (int row = 0; row < 8; row++) {
    wasm_v128_store(data + (row * DCTSIZE), v[row]);
  }
}
