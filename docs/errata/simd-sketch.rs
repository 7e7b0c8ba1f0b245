// The design, §4.3 (article lines 690-717), verbatim.
// 使用 SIMD 优化像素处理
#[cfg(target_arch = "wasm32")]
use std::arch::wasm32::*;
#[target_feature(enable = "simd128")]
unsafe fn grayscale_simd(pixels: &[u8]) -> Vec<u8> {
let mut output = vec![0u8; pixels.len() / 3];
let r_weight = f32x4_splat(0.299);
let g_weight = f32x4_splat(0.587);
let b_weight = f32x4_splat(0.114);
for i in (0..pixels.len()).step_by(12) {
let r = u8x4_load(&pixels[i]);
let g = u8x4_load(&pixels[i + 4]);
let b = u8x4_load(&pixels[i + 8]);
let r_f = f32x4_convert_u32x4(u32x4_extend_low_u8x16(r));
let g_f = f32x4_convert_u32x4(u32x4_extend_low_u8x16(g));
let b_f = f32x4_convert_u32x4(u32x4_extend_low_u8x16(b));
let gray = f32x4_add(
f32x4_add(
f32x4_mul(r_f, r_weight),
f32x4_mul(g_f, g_weight)
),
f32x4_mul(b_f, b_weight)
);
let gray_u8 = u8x4_trunc_sat_u32x4(f32x4_convert_i32x4(gray));
v128_store(output.as_mut_ptr().add(i / 3), gray_u8);
}
output
}
