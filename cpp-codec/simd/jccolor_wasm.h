/* The wasm SIMD128 RGB to YCbCr conversion (jccolor_wasm.c), with the
 * signature of libjpeg-turbo's jsimd_rgb_ycc_convert_neon(). */
#ifndef IMAGE_CODEC_SIMD_JCCOLOR_WASM_H
#define IMAGE_CODEC_SIMD_JCCOLOR_WASM_H

void jsimd_rgb_ycc_convert_wasm(JDIMENSION image_width, JSAMPARRAY input_buf, JSAMPIMAGE output_buf,
                                JDIMENSION output_row, int num_rows);

#endif
