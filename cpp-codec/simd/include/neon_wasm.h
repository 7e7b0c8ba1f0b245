/* Neon intrinsics that SIMDe 0.7.4 implements poorly on wasm SIMD128, among
 * those the Neon files the codec compiles use, written on SIMD128 directly
 * with the same results for every input. Each replaces SIMDe's native alias
 * of the same name.
 *
 * SIMDe maps most intrinsics onto clang vector operations that become one
 * or two SIMD128 instructions; these it maps onto lane-by-lane code or
 * longer sequences (wasm instructions per call, SIMDe -> here: vld3_u8
 * 101 -> 20, vtbl2_u8 193 -> 9, vqrdmulhq_lane_s16 25 -> 6, vpadalq_u8
 * 10 -> 5, vqmovun_s16 8 -> 4, vrshrn_n_u16 12 -> 9; cpp-codec/README.md
 * has the whole table). The others SIMDe already compiles as well as this
 * file could. */
#ifndef IMAGE_CODEC_SIMD_NEON_WASM_H
#define IMAGE_CODEC_SIMD_NEON_WASM_H

#include <wasm_simd128.h>

typedef uint8_t nw_u8x16 __attribute__((vector_size(16)));

/* A 64-bit Neon vector in the low half of a v128 (the high half unused),
 * and back. */
static inline v128_t nw_wide_u8(simde_uint8x8_t v) {
  return (v128_t)__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1, -1, -1, -1, -1,
                                         -1);
}
static inline simde_uint8x8_t nw_low_u8(v128_t v) {
  const nw_u8x16 lanes = (nw_u8x16)v;
  return __builtin_shufflevector(lanes, lanes, 0, 1, 2, 3, 4, 5, 6, 7);
}

/* 8 pixels of 3 bytes: R, G, B. SIMDe loads them a byte at a time. */
static inline simde_uint8x8x3_t nw_vld3_u8(const uint8_t* ptr) {
  const v128_t a = wasm_v128_load(ptr);
  const v128_t b = wasm_v128_load64_zero(ptr + 16);
  simde_uint8x8x3_t r;
  r.val[0] =
      nw_low_u8(wasm_i8x16_shuffle(a, b, 0, 3, 6, 9, 12, 15, 18, 21, 0, 0, 0, 0, 0, 0, 0, 0));
  r.val[1] =
      nw_low_u8(wasm_i8x16_shuffle(a, b, 1, 4, 7, 10, 13, 16, 19, 22, 0, 0, 0, 0, 0, 0, 0, 0));
  r.val[2] =
      nw_low_u8(wasm_i8x16_shuffle(a, b, 2, 5, 8, 11, 14, 17, 20, 23, 0, 0, 0, 0, 0, 0, 0, 0));
  return r;
}
#undef vld3_u8
#define vld3_u8(ptr) nw_vld3_u8(ptr)

/* Table lookup in 16 bytes: an index of 16 or more gives 0 in both. SIMDe
 * looks each byte up in a scalar loop. */
static inline simde_uint8x8_t nw_vtbl2_u8(simde_uint8x8x2_t table, simde_uint8x8_t index) {
  const v128_t bytes = (v128_t)__builtin_shufflevector(table.val[0], table.val[1], 0, 1, 2, 3, 4, 5,
                                                       6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  return nw_low_u8(wasm_i8x16_swizzle(bytes, nw_wide_u8(index)));
}
#undef vtbl2_u8
#define vtbl2_u8(table, index) nw_vtbl2_u8(table, index)

/* Saturating rounding doubling multiply, high half: (2ab + 2^15) >> 16,
 * which is q15mulr_sat's (ab + 2^14) >> 15, saturating alike. SIMDe
 * computes it in 32-bit lanes. */
static inline simde_int16x8_t nw_vqrdmulhq_lane_s16(simde_int16x8_t a, simde_int16x4_t v,
                                                    int lane) {
  return (simde_int16x8_t)wasm_i16x8_q15mulr_sat((v128_t)a, wasm_i16x8_splat(v[lane]));
}
#undef vqrdmulhq_lane_s16
#define vqrdmulhq_lane_s16(a, v, lane) nw_vqrdmulhq_lane_s16(a, v, lane)

/* Pairwise widening add, accumulated (wraps, as Neon's does). */
static inline simde_uint16x8_t nw_vpadalq_u8(simde_uint16x8_t acc, simde_uint8x16_t a) {
  return (simde_uint16x8_t)wasm_i16x8_add((v128_t)acc, wasm_u16x8_extadd_pairwise_u8x16((v128_t)a));
}
#undef vpadalq_u8
#define vpadalq_u8(acc, a) nw_vpadalq_u8(acc, a)

/* Saturating narrow: SIMD128's narrow saturates the same. */
#undef vqmovun_s16
#define vqmovun_s16(a) nw_low_u8(wasm_u8x16_narrow_i16x8((v128_t)(a), (v128_t)(a)))

/* Rounding right shift by n, truncated to bytes: ((a >> (n - 1)) + 1) >> 1
 * is (a + 2^(n-1)) >> n without its overflow (for n = 1 the + 1 itself
 * could wrap, so there the rounding bit is added after the shift). */
static inline simde_uint8x8_t nw_vrshrn_n_u16(simde_uint16x8_t a, int n) {
  const v128_t v = (v128_t)a;
  const v128_t rounded =
      n == 1 ? wasm_i16x8_add(wasm_u16x8_shr(v, 1), wasm_v128_and(v, wasm_i16x8_splat(1)))
             : wasm_u16x8_shr(
                   wasm_i16x8_add(wasm_u16x8_shr(v, (uint32_t)n - 1), wasm_i16x8_splat(1)), 1);
  return nw_low_u8(
      wasm_i8x16_shuffle(rounded, rounded, 0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14));
}
#undef vrshrn_n_u16
#define vrshrn_n_u16(a, n) nw_vrshrn_n_u16(a, n)

#endif
