//! simd128 building blocks for the convolutions of blur and resize, compiled
//! only for wasm32 with simd128 (the component); everywhere else the plain
//! loops next to their callers run instead, with the same integer
//! arithmetic, so both builds give the same samples (`tests/component.rs`
//! checks that sample for sample).
//!
//! Why by hand: LLVM vectorises those loops for wasm too, but one tap at a
//! time over a row-long buffer of sums (a load and a store per tap) and
//! with byte shuffles where one widening does; under wasmtime that was about
//! 1.4× slower than these strips, which sum every tap of 16 samples in four
//! `i32x4` registers before one store (blur r=5 of 1080p RGB: 21 → 15 ms).
//! All of it is safe code: the loads are from slices, no raw pointers.

use core::arch::wasm32::{
    i32x4_add, i32x4_mul, i32x4_shr, u16x8_extend_high_u8x16, u16x8_extend_low_u8x16,
    u16x8_narrow_i32x4, u32x4_extend_high_u16x8, u32x4_extend_low_u16x8, u32x4_shr, u64x2,
    u64x2_extract_lane, u8x16_narrow_i16x8, v128,
};

/// Samples per strip: one `v128` of bytes.
pub(crate) const STRIP: usize = 16;

/// The starts of the strips covering `0 .. n` (`n ≥ STRIP`): whole strips,
/// then one that ends at `n` and overlaps the one before (recomputing up to
/// 15 samples rather than finishing one at a time).
pub(crate) fn strip_starts(n: usize) -> impl Iterator<Item = usize> {
    debug_assert!(n >= STRIP);
    let last = (!n.is_multiple_of(STRIP)).then_some(n - STRIP);
    (0..=n - STRIP).step_by(STRIP).chain(last)
}

/// The first 16 samples of `s` (one `v128.load`).
#[inline]
pub(crate) fn load(s: &[u8]) -> v128 {
    let (lo, hi) = s[..STRIP].split_at(8);
    u64x2(le_u64(lo), le_u64(hi))
}

#[inline]
fn le_u64(b: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(b);
    u64::from_le_bytes(bytes)
}

/// The 16 bytes of `v` as samples.
#[inline]
pub(crate) fn store(v: v128) -> [u8; STRIP] {
    let mut out = [0; STRIP];
    out[..8].copy_from_slice(&u64x2_extract_lane::<0>(v).to_le_bytes());
    out[8..].copy_from_slice(&u64x2_extract_lane::<1>(v).to_le_bytes());
    out
}

/// `u8x16` → its low and high halves as `u16x8`.
#[inline]
pub(crate) fn widen(v: v128) -> (v128, v128) {
    (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v))
}

/// `acc[q] += w · quarter q` of the 16 `u16` values in `lo` and `hi`, in
/// 32-bit lanes (wrapping, like the scalar code's, which never wraps).
#[inline]
pub(crate) fn mul_add(acc: &mut [v128; 4], w: v128, (lo, hi): (v128, v128)) {
    let quarters = [
        u32x4_extend_low_u16x8(lo),
        u32x4_extend_high_u16x8(lo),
        u32x4_extend_low_u16x8(hi),
        u32x4_extend_high_u16x8(hi),
    ];
    for (a, q) in acc.iter_mut().zip(quarters) {
        *a = i32x4_add(*a, i32x4_mul(w, q));
    }
}

/// `clamp(acc >> shift, 0, 255)` of 16 `i32` sums (arithmetic shift), as
/// bytes: the saturating narrowings clamp.
#[inline]
pub(crate) fn clip8(acc: [v128; 4], shift: u32) -> [u8; STRIP] {
    narrow(acc.map(|a| i32x4_shr(a, shift)))
}

/// `(acc >> shift) as u8` of 16 `u32` sums whose shifted value is at most
/// 255 (logical shift): the narrowings then saturate nothing, which LLVM
/// sees, and lowers them to two shuffles instead of clamps.
#[inline]
pub(crate) fn shift8(acc: [v128; 4], shift: u32) -> [u8; STRIP] {
    narrow(acc.map(|a| u32x4_shr(a, shift)))
}

/// 16 `i32` lanes to bytes, saturating to 0 ..= 255.
#[inline]
fn narrow([a0, a1, a2, a3]: [v128; 4]) -> [u8; STRIP] {
    store(u8x16_narrow_i16x8(
        u16x8_narrow_i32x4(a0, a1),
        u16x8_narrow_i32x4(a2, a3),
    ))
}
