/* The wasm SIMD128 accurate integer IDCT (jidctint_wasm.c), with the
 * signature of libjpeg-turbo's jsimd_idct_islow_neon(). */
#ifndef IMAGE_CODEC_SIMD_JIDCTINT_WASM_H
#define IMAGE_CODEC_SIMD_JIDCTINT_WASM_H

void jsimd_idct_islow_wasm(void* dct_table, JCOEFPTR coef_block, JSAMPARRAY output_buf,
                           JDIMENSION output_col);

#endif
