/* Neon intrinsics that SIMDe 0.7.4 implements poorly on wasm SIMD128,
 * written here on SIMD128 directly, with the same results for every input.
 *
 * SIMDe maps most intrinsics onto clang vector operations that become one
 * or two SIMD128 instructions. These it maps onto lane-by-lane code instead
 * (measured in the generated wasm; cpp-codec/README.md has the table):
 * interleaving loads and stores become scalar loops or one lane load per
 * byte, widening multiplies become an extension and a 32-bit multiply
 * instead of SIMD128's extended multiply, rounding narrowing shifts take
 * four operations, and vqrdmulh is emulated in 32-bit lanes where SIMD128
 * has it (q15mulr_sat). Each override replaces SIMDe's native alias of the
 * same name. */
#ifndef IMAGE_CODEC_SIMD_NEON_WASM_H
#define IMAGE_CODEC_SIMD_NEON_WASM_H

#include <wasm_simd128.h>

typedef int16_t nw_i16x8 __attribute__((vector_size(16)));
typedef uint16_t nw_u16x8 __attribute__((vector_size(16)));
typedef uint8_t nw_u8x16 __attribute__((vector_size(16)));

/* A 64-bit Neon vector in the low half of a v128 (the high half unused),
 * and back. */
static inline v128_t nw_wide_s16(simde_int16x4_t v) {
  return (v128_t)__builtin_shufflevector(v, v, 0, 1, 2, 3, -1, -1, -1, -1);
}
static inline v128_t nw_wide_u16(simde_uint16x4_t v) {
  return (v128_t)__builtin_shufflevector(v, v, 0, 1, 2, 3, -1, -1, -1, -1);
}
static inline v128_t nw_wide_u8(simde_uint8x8_t v) {
  return (v128_t)__builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1, -1, -1, -1, -1,
                                         -1);
}
static inline simde_int16x4_t nw_low_s16(v128_t v) {
  const nw_i16x8 lanes = (nw_i16x8)v;
  return __builtin_shufflevector(lanes, lanes, 0, 1, 2, 3);
}
static inline simde_uint16x4_t nw_low_u16(v128_t v) {
  const nw_u16x8 lanes = (nw_u16x8)v;
  return __builtin_shufflevector(lanes, lanes, 0, 1, 2, 3);
}
static inline simde_uint8x8_t nw_low_u8(v128_t v) {
  const nw_u8x16 lanes = (nw_u8x16)v;
  return __builtin_shufflevector(lanes, lanes, 0, 1, 2, 3, 4, 5, 6, 7);
}
static inline simde_int8x8_t nw_low_s8(v128_t v) {
  const nw_u8x16 lanes = (nw_u8x16)v;
  return (simde_int8x8_t)__builtin_shufflevector(lanes, lanes, 0, 1, 2, 3, 4, 5, 6, 7);
}

/* The low 16 bits of each 32-bit lane, and the low byte of each 16-bit
 * lane (truncating narrows), in the low half. */
static inline v128_t nw_narrow_32(v128_t v) {
  return wasm_i8x16_shuffle(v, v, 0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13);
}
static inline v128_t nw_narrow_16(v128_t v) {
  return wasm_i8x16_shuffle(v, v, 0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
}

/* --- interleaving loads and stores ----------------------------------- */

/* 8 pixels of 3 bytes: R, G, B. */
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

/* 32 elements, every fourth into each vector: two rounds of unzipping. */
static inline simde_int16x8x4_t nw_vld4q_s16(const int16_t* ptr) {
  const v128_t r0 = wasm_v128_load(ptr);
  const v128_t r1 = wasm_v128_load(ptr + 8);
  const v128_t r2 = wasm_v128_load(ptr + 16);
  const v128_t r3 = wasm_v128_load(ptr + 24);
  const v128_t even01 = wasm_i16x8_shuffle(r0, r1, 0, 2, 4, 6, 8, 10, 12, 14);
  const v128_t odd01 = wasm_i16x8_shuffle(r0, r1, 1, 3, 5, 7, 9, 11, 13, 15);
  const v128_t even23 = wasm_i16x8_shuffle(r2, r3, 0, 2, 4, 6, 8, 10, 12, 14);
  const v128_t odd23 = wasm_i16x8_shuffle(r2, r3, 1, 3, 5, 7, 9, 11, 13, 15);
  simde_int16x8x4_t r;
  r.val[0] = (simde_int16x8_t)wasm_i16x8_shuffle(even01, even23, 0, 2, 4, 6, 8, 10, 12, 14);
  r.val[1] = (simde_int16x8_t)wasm_i16x8_shuffle(odd01, odd23, 0, 2, 4, 6, 8, 10, 12, 14);
  r.val[2] = (simde_int16x8_t)wasm_i16x8_shuffle(even01, even23, 1, 3, 5, 7, 9, 11, 13, 15);
  r.val[3] = (simde_int16x8_t)wasm_i16x8_shuffle(odd01, odd23, 1, 3, 5, 7, 9, 11, 13, 15);
  return r;
}
#undef vld4q_s16
#define vld4q_s16(ptr) nw_vld4q_s16(ptr)

/* Four 4-element vectors, interleaved: a0 b0 c0 d0 a1 b1 c1 d1 ... */
static inline void nw_vst4_s16(int16_t* ptr, simde_int16x4x4_t v) {
  const v128_t ab = (v128_t)__builtin_shufflevector(v.val[0], v.val[1], 0, 4, 1, 5, 2, 6, 3, 7);
  const v128_t cd = (v128_t)__builtin_shufflevector(v.val[2], v.val[3], 0, 4, 1, 5, 2, 6, 3, 7);
  wasm_v128_store(ptr, wasm_i32x4_shuffle(ab, cd, 0, 4, 1, 5));
  wasm_v128_store(ptr + 8, wasm_i32x4_shuffle(ab, cd, 2, 6, 3, 7));
}
#undef vst4_s16
#define vst4_s16(ptr, v) nw_vst4_s16(ptr, v)

/* Element `lane` of each of four vectors, stored together. */
#define nw_vst4_lane_u16(ptr, v, lane)                                                             \
  wasm_v128_store64_lane(                                                                          \
      (ptr),                                                                                       \
      wasm_i32x4_shuffle(                                                                          \
          (v128_t)__builtin_shufflevector((v).val[0], (v).val[1], 0, 4, 1, 5, 2, 6, 3, 7),         \
          (v128_t)__builtin_shufflevector((v).val[2], (v).val[3], 0, 4, 1, 5, 2, 6, 3, 7), (lane), \
          (lane) + 4, (lane), (lane) + 4),                                                         \
      0)
#undef vst4_lane_u16
#define vst4_lane_u16(ptr, v, lane) nw_vst4_lane_u16(ptr, v, lane)

/* --- widening multiplies ------------------------------------------------ */

static inline simde_int32x4_t nw_vmull_s16(simde_int16x4_t a, simde_int16x4_t b) {
  return (simde_int32x4_t)wasm_i32x4_extmul_low_i16x8(nw_wide_s16(a), nw_wide_s16(b));
}
static inline simde_uint32x4_t nw_vmull_u16(simde_uint16x4_t a, simde_uint16x4_t b) {
  return (simde_uint32x4_t)wasm_u32x4_extmul_low_u16x8(nw_wide_u16(a), nw_wide_u16(b));
}
/* By lane `lane` of v: a constant once inlined, so the splat is a shuffle. */
static inline simde_int32x4_t nw_vmull_lane_s16(simde_int16x4_t a, simde_int16x4_t v, int lane) {
  return (simde_int32x4_t)wasm_i32x4_extmul_low_i16x8(nw_wide_s16(a), wasm_i16x8_splat(v[lane]));
}
static inline simde_uint32x4_t nw_vmull_lane_u16(simde_uint16x4_t a, simde_uint16x4_t v, int lane) {
  return (simde_uint32x4_t)wasm_u32x4_extmul_low_u16x8(nw_wide_u16(a), wasm_i16x8_splat(v[lane]));
}
/* Accumulation wraps, as Neon's does. */
static inline simde_int32x4_t nw_add_s32(simde_int32x4_t a, simde_int32x4_t b) {
  return (simde_int32x4_t)wasm_i32x4_add((v128_t)a, (v128_t)b);
}
static inline simde_int32x4_t nw_sub_s32(simde_int32x4_t a, simde_int32x4_t b) {
  return (simde_int32x4_t)wasm_i32x4_sub((v128_t)a, (v128_t)b);
}
static inline simde_uint32x4_t nw_add_u32(simde_uint32x4_t a, simde_uint32x4_t b) {
  return (simde_uint32x4_t)wasm_i32x4_add((v128_t)a, (v128_t)b);
}
static inline simde_uint32x4_t nw_sub_u32(simde_uint32x4_t a, simde_uint32x4_t b) {
  return (simde_uint32x4_t)wasm_i32x4_sub((v128_t)a, (v128_t)b);
}
#undef vmull_s16
#define vmull_s16(a, b) nw_vmull_s16(a, b)
#undef vmull_u16
#define vmull_u16(a, b) nw_vmull_u16(a, b)
#undef vmull_lane_s16
#define vmull_lane_s16(a, v, lane) nw_vmull_lane_s16(a, v, lane)
#undef vmlal_lane_s16
#define vmlal_lane_s16(acc, a, v, lane) nw_add_s32(acc, nw_vmull_lane_s16(a, v, lane))
#undef vmlsl_lane_s16
#define vmlsl_lane_s16(acc, a, v, lane) nw_sub_s32(acc, nw_vmull_lane_s16(a, v, lane))
#undef vmull_lane_u16
#define vmull_lane_u16(a, v, lane) nw_vmull_lane_u16(a, v, lane)
#undef vmlal_lane_u16
#define vmlal_lane_u16(acc, a, v, lane) nw_add_u32(acc, nw_vmull_lane_u16(a, v, lane))
#undef vmlsl_lane_u16
#define vmlsl_lane_u16(acc, a, v, lane) nw_sub_u32(acc, nw_vmull_lane_u16(a, v, lane))

static inline simde_uint16x8_t nw_vmlal_u8(simde_uint16x8_t acc, simde_uint8x8_t a,
                                           simde_uint8x8_t b) {
  return (simde_uint16x8_t)wasm_i16x8_add(
      (v128_t)acc, wasm_u16x8_extmul_low_u8x16(nw_wide_u8(a), nw_wide_u8(b)));
}
#undef vmlal_u8
#define vmlal_u8(acc, a, b) nw_vmlal_u8(acc, a, b)

static inline simde_uint16x8_t nw_vpadalq_u8(simde_uint16x8_t acc, simde_uint8x16_t a) {
  return (simde_uint16x8_t)wasm_i16x8_add((v128_t)acc, wasm_u16x8_extadd_pairwise_u8x16((v128_t)a));
}
#undef vpadalq_u8
#define vpadalq_u8(acc, a) nw_vpadalq_u8(acc, a)

/* Saturating rounding doubling multiply, high half: (2ab + 2^15) >> 16,
 * which is q15mulr_sat's (ab + 2^14) >> 15, saturating alike. */
static inline simde_int16x8_t nw_vqrdmulhq_lane_s16(simde_int16x8_t a, simde_int16x4_t v,
                                                    int lane) {
  return (simde_int16x8_t)wasm_i16x8_q15mulr_sat((v128_t)a, wasm_i16x8_splat(v[lane]));
}
#undef vqrdmulhq_lane_s16
#define vqrdmulhq_lane_s16(a, v, lane) nw_vqrdmulhq_lane_s16(a, v, lane)

/* --- narrowing shifts --------------------------------------------------- */

/* Rounding right shift by n: ((a >> (n - 1)) + 1) >> 1 is (a + 2^(n-1)) >> n
 * without its overflow. For n = 1 the + 1 itself could wrap, so there the
 * rounding bit is added after the shift. (n is a constant once inlined.) */
static inline v128_t nw_rshr_s32(v128_t a, int n) {
  if (n == 1) {
    return wasm_i32x4_add(wasm_i32x4_shr(a, 1), wasm_v128_and(a, wasm_i32x4_splat(1)));
  }
  return wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_shr(a, (uint32_t)n - 1), wasm_i32x4_splat(1)), 1);
}
static inline v128_t nw_rshr_u32(v128_t a, int n) {
  if (n == 1) {
    return wasm_i32x4_add(wasm_u32x4_shr(a, 1), wasm_v128_and(a, wasm_i32x4_splat(1)));
  }
  return wasm_u32x4_shr(wasm_i32x4_add(wasm_u32x4_shr(a, (uint32_t)n - 1), wasm_i32x4_splat(1)), 1);
}
static inline v128_t nw_rshr_s16(v128_t a, int n) {
  if (n == 1) {
    return wasm_i16x8_add(wasm_i16x8_shr(a, 1), wasm_v128_and(a, wasm_i16x8_splat(1)));
  }
  return wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_shr(a, (uint32_t)n - 1), wasm_i16x8_splat(1)), 1);
}
static inline v128_t nw_rshr_u16(v128_t a, int n) {
  if (n == 1) {
    return wasm_i16x8_add(wasm_u16x8_shr(a, 1), wasm_v128_and(a, wasm_i16x8_splat(1)));
  }
  return wasm_u16x8_shr(wasm_i16x8_add(wasm_u16x8_shr(a, (uint32_t)n - 1), wasm_i16x8_splat(1)), 1);
}

#undef vrshrn_n_s32
#define vrshrn_n_s32(a, n) nw_low_s16(nw_narrow_32(nw_rshr_s32((v128_t)(a), n)))
#undef vrshrn_n_u32
#define vrshrn_n_u32(a, n) nw_low_u16(nw_narrow_32(nw_rshr_u32((v128_t)(a), n)))
#undef vshrn_n_s32
#define vshrn_n_s32(a, n) nw_low_s16(nw_narrow_32(wasm_i32x4_shr((v128_t)(a), n)))
#undef vshrn_n_u32
#define vshrn_n_u32(a, n) nw_low_u16(nw_narrow_32(wasm_u32x4_shr((v128_t)(a), n)))
#undef vrshrn_n_u16
#define vrshrn_n_u16(a, n) nw_low_u8(nw_narrow_16(nw_rshr_u16((v128_t)(a), n)))
#undef vshrn_n_u16
#define vshrn_n_u16(a, n) nw_low_u8(nw_narrow_16(wasm_u16x8_shr((v128_t)(a), n)))

/* High halves of 32-bit sums and differences (modular, as Neon's). */
static inline v128_t nw_high_16(v128_t v) {
  return wasm_i8x16_shuffle(v, v, 2, 3, 6, 7, 10, 11, 14, 15, 2, 3, 6, 7, 10, 11, 14, 15);
}
#undef vaddhn_s32
#define vaddhn_s32(a, b) nw_low_s16(nw_high_16(wasm_i32x4_add((v128_t)(a), (v128_t)(b))))
#undef vsubhn_s32
#define vsubhn_s32(a, b) nw_low_s16(nw_high_16(wasm_i32x4_sub((v128_t)(a), (v128_t)(b))))

/* Saturating narrows: SIMD128's narrow instructions saturate the same. */
static inline simde_int8x8_t nw_vqrshrn_n_s16(simde_int16x8_t a, int n) {
  const v128_t rounded = nw_rshr_s16((v128_t)a, n);
  return nw_low_s8(wasm_i8x16_narrow_i16x8(rounded, rounded));
}
#undef vqrshrn_n_s16
#define vqrshrn_n_s16(a, n) nw_vqrshrn_n_s16(a, n)
#undef vqmovun_s16
#define vqmovun_s16(a) nw_low_u8(wasm_u8x16_narrow_i16x8((v128_t)(a), (v128_t)(a)))
#undef vmovn_u16
#define vmovn_u16(a) nw_low_u8(nw_narrow_16((v128_t)(a)))

#endif
