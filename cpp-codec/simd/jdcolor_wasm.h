/* The wasm SIMD128 YCbCr to RGB conversion (jdcolor_wasm.c), with the
 * signature of libjpeg-turbo's jsimd_ycc_rgb_convert_neon(). */
#ifndef IMAGE_CODEC_SIMD_JDCOLOR_WASM_H
#define IMAGE_CODEC_SIMD_JDCOLOR_WASM_H

void jsimd_ycc_rgb_convert_wasm(JDIMENSION output_width, JSAMPIMAGE input_buf, JDIMENSION input_row,
                                JSAMPARRAY output_buf, int num_rows);

#endif
