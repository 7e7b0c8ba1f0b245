/* The wasm SIMD128 quantisation of one block (jquanti_wasm.c), with the
 * signature of libjpeg-turbo's jsimd_quantize(). */
#ifndef IMAGE_CODEC_SIMD_JQUANTI_WASM_H
#define IMAGE_CODEC_SIMD_JQUANTI_WASM_H

void jsimd_quantize_wasm(JCOEFPTR coef_block, DCTELEM* divisors, DCTELEM* workspace);

#endif
