/*
 * The accurate integer inverse DCT of one 8x8 block with wasm SIMD128, with
 * dequantisation: jidctint.c's arithmetic on eight columns or rows at once,
 * each product pair one i32x4.dot_i16x8_s, after libjpeg-turbo's x86 SIMD
 * (jidctint-avx2.asm). Why wasm-native: jfdctint_wasm.c says.
 *
 * Like every SIMD IDCT of libjpeg-turbo, it dequantises in 16-bit lanes and
 * keeps the first pass's results in 16 bits, so its pixels are jidctint.c's
 * only for blocks within the range jsimd_wasm.c checks before calling it.
 * jidctint.c's shortcuts for all-zero columns and rows give what the full
 * computation gives, so there are none here.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include "jdct.h"

#include "dct_wasm.h"
#include "jidctint_wasm.h"

/* (a + b) << CONST_BITS and (a - b) << CONST_BITS in 32-bit lanes, low and
 * high halves. */
static inline void shifted_sum(v128_t a, v128_t b, v128_t out[2]) {
  const v128_t sum = wasm_i16x8_add(a, b);
  out[0] = wasm_i32x4_shl(wasm_i32x4_extend_low_i16x8(sum), DCT_CONST_BITS);
  out[1] = wasm_i32x4_shl(wasm_i32x4_extend_high_i16x8(sum), DCT_CONST_BITS);
}
static inline void shifted_difference(v128_t a, v128_t b, v128_t out[2]) {
  const v128_t difference = wasm_i16x8_sub(a, b);
  out[0] = wasm_i32x4_shl(wasm_i32x4_extend_low_i16x8(difference), DCT_CONST_BITS);
  out[1] = wasm_i32x4_shl(wasm_i32x4_extend_high_i16x8(difference), DCT_CONST_BITS);
}

/* One 1-D IDCT of the eight vectors in[0..7] (coefficient k of each lane's
 * sequence in in[k]), in place, descaled by `descale` bits. */
static inline void idct_1d(v128_t in[8], int descale) {
  /* Even part: z1 = (in2 + in6) * 0.541196100 folded into both products. */
  const v128_t tmp3_low = dct_pair_low(in[2], in[6], F_0_541 + F_0_765, F_0_541);
  const v128_t tmp3_high = dct_pair_high(in[2], in[6], F_0_541 + F_0_765, F_0_541);
  const v128_t tmp2_low = dct_pair_low(in[2], in[6], F_0_541, F_0_541 - F_1_847);
  const v128_t tmp2_high = dct_pair_high(in[2], in[6], F_0_541, F_0_541 - F_1_847);
  v128_t tmp0[2];
  v128_t tmp1[2];
  shifted_sum(in[0], in[4], tmp0);
  shifted_difference(in[0], in[4], tmp1);
  const v128_t tmp10[2] = {wasm_i32x4_add(tmp0[0], tmp3_low), wasm_i32x4_add(tmp0[1], tmp3_high)};
  const v128_t tmp13[2] = {wasm_i32x4_sub(tmp0[0], tmp3_low), wasm_i32x4_sub(tmp0[1], tmp3_high)};
  const v128_t tmp11[2] = {wasm_i32x4_add(tmp1[0], tmp2_low), wasm_i32x4_add(tmp1[1], tmp2_high)};
  const v128_t tmp12[2] = {wasm_i32x4_sub(tmp1[0], tmp2_low), wasm_i32x4_sub(tmp1[1], tmp2_high)};

  /* Odd part, on in7, in5, in3, in1: z5 = (z3 + z4) * 1.175875602 folded
   * into z3 and z4, z1 = in7 + in1 and z2 = in5 + in3 into the products. */
  const v128_t z3 = wasm_i16x8_add(in[7], in[3]);
  const v128_t z4 = wasm_i16x8_add(in[5], in[1]);
  const v128_t z3_low = dct_pair_low(z3, z4, F_1_175 - F_1_961, F_1_175);
  const v128_t z3_high = dct_pair_high(z3, z4, F_1_175 - F_1_961, F_1_175);
  const v128_t z4_low = dct_pair_low(z3, z4, F_1_175, F_1_175 - F_0_390);
  const v128_t z4_high = dct_pair_high(z3, z4, F_1_175, F_1_175 - F_0_390);
  const v128_t odd0[2] = {
      wasm_i32x4_add(dct_pair_low(in[7], in[1], F_0_298 - F_0_899, -F_0_899), z3_low),
      wasm_i32x4_add(dct_pair_high(in[7], in[1], F_0_298 - F_0_899, -F_0_899), z3_high)};
  const v128_t odd3[2] = {
      wasm_i32x4_add(dct_pair_low(in[7], in[1], -F_0_899, F_1_501 - F_0_899), z4_low),
      wasm_i32x4_add(dct_pair_high(in[7], in[1], -F_0_899, F_1_501 - F_0_899), z4_high)};
  const v128_t odd1[2] = {
      wasm_i32x4_add(dct_pair_low(in[5], in[3], F_2_053 - F_2_562, -F_2_562), z4_low),
      wasm_i32x4_add(dct_pair_high(in[5], in[3], F_2_053 - F_2_562, -F_2_562), z4_high)};
  const v128_t odd2[2] = {
      wasm_i32x4_add(dct_pair_low(in[5], in[3], -F_2_562, F_3_072 - F_2_562), z3_low),
      wasm_i32x4_add(dct_pair_high(in[5], in[3], -F_2_562, F_3_072 - F_2_562), z3_high)};

  in[0] =
      dct_descale(wasm_i32x4_add(tmp10[0], odd3[0]), wasm_i32x4_add(tmp10[1], odd3[1]), descale);
  in[7] =
      dct_descale(wasm_i32x4_sub(tmp10[0], odd3[0]), wasm_i32x4_sub(tmp10[1], odd3[1]), descale);
  in[1] =
      dct_descale(wasm_i32x4_add(tmp11[0], odd2[0]), wasm_i32x4_add(tmp11[1], odd2[1]), descale);
  in[6] =
      dct_descale(wasm_i32x4_sub(tmp11[0], odd2[0]), wasm_i32x4_sub(tmp11[1], odd2[1]), descale);
  in[2] =
      dct_descale(wasm_i32x4_add(tmp12[0], odd1[0]), wasm_i32x4_add(tmp12[1], odd1[1]), descale);
  in[5] =
      dct_descale(wasm_i32x4_sub(tmp12[0], odd1[0]), wasm_i32x4_sub(tmp12[1], odd1[1]), descale);
  in[3] =
      dct_descale(wasm_i32x4_add(tmp13[0], odd0[0]), wasm_i32x4_add(tmp13[1], odd0[1]), descale);
  in[4] =
      dct_descale(wasm_i32x4_sub(tmp13[0], odd0[0]), wasm_i32x4_sub(tmp13[1], odd0[1]), descale);
}

void jsimd_idct_islow_wasm(void* dct_table, JCOEFPTR coef_block, JSAMPARRAY output_buf,
                           JDIMENSION output_col) {
  const ISLOW_MULT_TYPE* quant = dct_table;
  v128_t v[8];
  for (int row = 0; row < 8; row++) {
    v[row] = wasm_i16x8_mul(wasm_v128_load(coef_block + (row * DCTSIZE)),
                            wasm_v128_load(quant + (row * DCTSIZE)));
  }
  /* Pass 1 on the columns (each lane a column), pass 2 on the rows. */
  idct_1d(v, DCT_CONST_BITS - DCT_PASS1_BITS);
  dct_transpose(v);
  idct_1d(v, DCT_CONST_BITS + DCT_PASS1_BITS + 3);
  dct_transpose(v);
  /* Saturated to -128..127, then centred: 0..255. */
  const v128_t center = wasm_i8x16_splat((int8_t)CENTERJSAMPLE);
  for (int row = 0; row < 8; row += 2) {
    const v128_t pixels = wasm_i8x16_add(wasm_i8x16_narrow_i16x8(v[row], v[row + 1]), center);
    wasm_v128_store64_lane(output_buf[row] + output_col, pixels, 0);
    wasm_v128_store64_lane(output_buf[row + 1] + output_col, pixels, 1);
  }
}
