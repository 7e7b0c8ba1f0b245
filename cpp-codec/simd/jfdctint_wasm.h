/* The wasm SIMD128 accurate integer FDCT (jfdctint_wasm.c), with the
 * signature of libjpeg-turbo's jsimd_fdct_islow(). */
#ifndef IMAGE_CODEC_SIMD_JFDCTINT_WASM_H
#define IMAGE_CODEC_SIMD_JFDCTINT_WASM_H

void jsimd_fdct_islow_wasm(DCTELEM* data);

#endif
