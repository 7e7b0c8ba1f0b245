/*
 * libjpeg-turbo's SIMD dispatcher for wasm32: what simd/arm/aarch64/jsimd.c
 * is on Arm, minus the CPU probing. A module built with SIMD128 either
 * validates on the engine or is refused whole, so there is nothing to detect
 * at run time: jsimd_can_X() is a constant, 1 for every function the codec
 * takes from SIMD (the Neon backend compiled through SIMDe, or this
 * folder's *_wasm.c; cpp-codec/README.md says which and why) and 0 for the
 * ones it leaves to libjpeg's C.
 *
 * The jsimd_can_X() of a function the codec never reaches with its settings
 * (merged and plain upsampling, reduced-size and fast IDCTs, the fast FDCT,
 * RGB565, progressive encoding, smoothing) is 0 too: nothing of it is linked
 * or needs proving exact. libjpeg calls jsimd_X() only after jsimd_can_X()
 * returned 1, so those entries are unreachable and trap if that ever breaks.
 */
#define JPEG_INTERNALS
#include "jinclude.h"

#include "jpeglib.h"

#include "jdct.h"
#include "jsimd.h"
#include "jsimddct.h"
#include "simd/jsimd.h"

#include <wasm_simd128.h>

#include "jccolor_wasm.h"
#include "jchuff_wasm.h"
#include "jdcolor_wasm.h"
#include "jfdctint_wasm.h"
#include "jidctint_wasm.h"
#include "jquanti_wasm.h"

/* What the Neon code is written for (aarch64/jsimd.c checks the same at run
 * time). DCTELEM is 16-bit because the library is built with WITH_SIMD. */
_Static_assert(BITS_IN_JSAMPLE == 8, "8-bit samples");
_Static_assert(DCTSIZE == 8, "8x8 DCT blocks");
_Static_assert(sizeof(JDIMENSION) == 4, "32-bit JDIMENSION");
_Static_assert(sizeof(JCOEF) == 2, "16-bit coefficients");
_Static_assert(sizeof(DCTELEM) == 2, "16-bit DCTELEM (WITH_SIMD)");
_Static_assert(sizeof(ISLOW_MULT_TYPE) == 2, "16-bit IDCT multipliers (WITH_SIMD)");
_Static_assert(RGB_PIXELSIZE == 3, "JCS_RGB is packed RGB");

#define UNREACHABLE_ENTRY __builtin_trap()

/* Colour conversion: RGB to YCbCr for encoding, YCbCr to RGB for decoding
 * (each in all of libjpeg-turbo's pixel layouts: one switch, no cost). */

int jsimd_can_rgb_ycc(void) { return 1; }
int jsimd_can_ycc_rgb(void) { return 1; }
int jsimd_can_rgb_gray(void) { return 0; }
int jsimd_can_ycc_rgb565(void) { return 0; }
int jsimd_c_can_null_convert(void) { return 0; }

void jsimd_rgb_ycc_convert(j_compress_ptr cinfo, JSAMPARRAY input_buf, JSAMPIMAGE output_buf,
                           JDIMENSION output_row, int num_rows) {
  void (*convert)(JDIMENSION, JSAMPARRAY, JSAMPIMAGE, JDIMENSION, int) = NULL;
  switch (cinfo->in_color_space) {
    case JCS_EXT_RGBX:
    case JCS_EXT_RGBA:
      convert = jsimd_extrgbx_ycc_convert_neon;
      break;
    case JCS_EXT_BGR:
      convert = jsimd_extbgr_ycc_convert_neon;
      break;
    case JCS_EXT_BGRX:
    case JCS_EXT_BGRA:
      convert = jsimd_extbgrx_ycc_convert_neon;
      break;
    case JCS_EXT_XBGR:
    case JCS_EXT_ABGR:
      convert = jsimd_extxbgr_ycc_convert_neon;
      break;
    case JCS_EXT_XRGB:
    case JCS_EXT_ARGB:
      convert = jsimd_extxrgb_ycc_convert_neon;
      break;
    default: /* JCS_RGB, JCS_EXT_RGB: the codec's */
      convert = jsimd_rgb_ycc_convert_wasm;
      break;
  }
  convert(cinfo->image_width, input_buf, output_buf, output_row, num_rows);
}

void jsimd_ycc_rgb_convert(j_decompress_ptr cinfo, JSAMPIMAGE input_buf, JDIMENSION input_row,
                           JSAMPARRAY output_buf, int num_rows) {
  void (*convert)(JDIMENSION, JSAMPIMAGE, JDIMENSION, JSAMPARRAY, int) = NULL;
  switch (cinfo->out_color_space) {
    case JCS_EXT_RGBX:
    case JCS_EXT_RGBA:
      convert = jsimd_ycc_extrgbx_convert_neon;
      break;
    case JCS_EXT_BGR:
      convert = jsimd_ycc_extbgr_convert_neon;
      break;
    case JCS_EXT_BGRX:
    case JCS_EXT_BGRA:
      convert = jsimd_ycc_extbgrx_convert_neon;
      break;
    case JCS_EXT_XBGR:
    case JCS_EXT_ABGR:
      convert = jsimd_ycc_extxbgr_convert_neon;
      break;
    case JCS_EXT_XRGB:
    case JCS_EXT_ARGB:
      convert = jsimd_ycc_extxrgb_convert_neon;
      break;
    default: /* JCS_RGB, JCS_EXT_RGB: the codec's */
      convert = jsimd_ycc_rgb_convert_wasm;
      break;
  }
  convert(cinfo->output_width, input_buf, input_row, output_buf, num_rows);
}

void jsimd_rgb_gray_convert(j_compress_ptr cinfo, JSAMPARRAY input_buf, JSAMPIMAGE output_buf,
                            JDIMENSION output_row, int num_rows) {
  (void)cinfo, (void)input_buf, (void)output_buf, (void)output_row, (void)num_rows;
  UNREACHABLE_ENTRY;
}

void jsimd_ycc_rgb565_convert(j_decompress_ptr cinfo, JSAMPIMAGE input_buf, JDIMENSION input_row,
                              JSAMPARRAY output_buf, int num_rows) {
  (void)cinfo, (void)input_buf, (void)input_row, (void)output_buf, (void)num_rows;
  UNREACHABLE_ENTRY;
}

void jsimd_c_null_convert(j_compress_ptr cinfo, JSAMPARRAY input_buf, JSAMPIMAGE output_buf,
                          JDIMENSION output_row, int num_rows) {
  (void)cinfo, (void)input_buf, (void)output_buf, (void)output_row, (void)num_rows;
  UNREACHABLE_ENTRY;
}

/* Downsampling (encoding: the codec writes 4:2:0, h2v2). */

int jsimd_can_h2v2_downsample(void) { return 1; }
int jsimd_can_h2v1_downsample(void) { return 0; }
int jsimd_can_h2v2_smooth_downsample(void) { return 0; }

void jsimd_h2v2_downsample(j_compress_ptr cinfo, jpeg_component_info* compptr,
                           JSAMPARRAY input_data, JSAMPARRAY output_data) {
  jsimd_h2v2_downsample_neon(cinfo->image_width, cinfo->max_v_samp_factor,
                             (JDIMENSION)compptr->v_samp_factor, compptr->width_in_blocks,
                             input_data, output_data);
}

void jsimd_h2v1_downsample(j_compress_ptr cinfo, jpeg_component_info* compptr,
                           JSAMPARRAY input_data, JSAMPARRAY output_data) {
  (void)cinfo, (void)compptr, (void)input_data, (void)output_data;
  UNREACHABLE_ENTRY;
}

void jsimd_h2v2_smooth_downsample(j_compress_ptr cinfo, jpeg_component_info* compptr,
                                  JSAMPARRAY input_data, JSAMPARRAY output_data) {
  (void)cinfo, (void)compptr, (void)input_data, (void)output_data;
  UNREACHABLE_ENTRY;
}

/* Upsampling (decoding): fancy (triangle-filter) upsampling, the codec's
 * and djpeg's default, for 4:2:0, 4:2:2 and 4:4:0. 4:1:1 and other ratios
 * use libjpeg's integral upsampler, which has no Neon version. */

int jsimd_can_h2v2_fancy_upsample(void) { return 1; }
int jsimd_can_h2v1_fancy_upsample(void) { return 1; }
int jsimd_can_h1v2_fancy_upsample(void) { return 1; }
int jsimd_can_h2v2_upsample(void) { return 0; }
int jsimd_can_h2v1_upsample(void) { return 0; }
int jsimd_can_int_upsample(void) { return 0; }
int jsimd_can_h2v2_merged_upsample(void) { return 0; }
int jsimd_can_h2v1_merged_upsample(void) { return 0; }

void jsimd_h2v2_fancy_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr,
                               JSAMPARRAY input_data, JSAMPARRAY* output_data_ptr) {
  jsimd_h2v2_fancy_upsample_neon(cinfo->max_v_samp_factor, compptr->downsampled_width, input_data,
                                 output_data_ptr);
}

void jsimd_h2v1_fancy_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr,
                               JSAMPARRAY input_data, JSAMPARRAY* output_data_ptr) {
  jsimd_h2v1_fancy_upsample_neon(cinfo->max_v_samp_factor, compptr->downsampled_width, input_data,
                                 output_data_ptr);
}

void jsimd_h1v2_fancy_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr,
                               JSAMPARRAY input_data, JSAMPARRAY* output_data_ptr) {
  jsimd_h1v2_fancy_upsample_neon(cinfo->max_v_samp_factor, compptr->downsampled_width, input_data,
                                 output_data_ptr);
}

void jsimd_h2v2_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr,
                         JSAMPARRAY input_data, JSAMPARRAY* output_data_ptr) {
  (void)cinfo, (void)compptr, (void)input_data, (void)output_data_ptr;
  UNREACHABLE_ENTRY;
}

void jsimd_h2v1_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr,
                         JSAMPARRAY input_data, JSAMPARRAY* output_data_ptr) {
  (void)cinfo, (void)compptr, (void)input_data, (void)output_data_ptr;
  UNREACHABLE_ENTRY;
}

void jsimd_int_upsample(j_decompress_ptr cinfo, jpeg_component_info* compptr, JSAMPARRAY input_data,
                        JSAMPARRAY* output_data_ptr) {
  (void)cinfo, (void)compptr, (void)input_data, (void)output_data_ptr;
  UNREACHABLE_ENTRY;
}

void jsimd_h2v2_merged_upsample(j_decompress_ptr cinfo, JSAMPIMAGE input_buf,
                                JDIMENSION in_row_group_ctr, JSAMPARRAY output_buf) {
  (void)cinfo, (void)input_buf, (void)in_row_group_ctr, (void)output_buf;
  UNREACHABLE_ENTRY;
}

void jsimd_h2v1_merged_upsample(j_decompress_ptr cinfo, JSAMPIMAGE input_buf,
                                JDIMENSION in_row_group_ctr, JSAMPARRAY output_buf) {
  (void)cinfo, (void)input_buf, (void)in_row_group_ctr, (void)output_buf;
  UNREACHABLE_ENTRY;
}

/* Forward DCT (accurate integer, the codec's and cjpeg's default) with its
 * sample conversion and quantisation. No floating-point DCT: the Neon
 * backend has none either. */

int jsimd_can_convsamp(void) { return 1; }
int jsimd_can_fdct_islow(void) { return 1; }
int jsimd_can_quantize(void) { return 1; }
int jsimd_can_fdct_ifast(void) { return 0; }
int jsimd_can_convsamp_float(void) { return 0; }
int jsimd_can_fdct_float(void) { return 0; }
int jsimd_can_quantize_float(void) { return 0; }

void jsimd_convsamp(JSAMPARRAY sample_data, JDIMENSION start_col, DCTELEM* workspace) {
  jsimd_convsamp_neon(sample_data, start_col, workspace);
}

void jsimd_fdct_islow(DCTELEM* data) { jsimd_fdct_islow_wasm(data); }

void jsimd_quantize(JCOEFPTR coef_block, DCTELEM* divisors, DCTELEM* workspace) {
  jsimd_quantize_wasm(coef_block, divisors, workspace);
}

void jsimd_fdct_ifast(DCTELEM* data) {
  (void)data;
  UNREACHABLE_ENTRY;
}

void jsimd_convsamp_float(JSAMPARRAY sample_data, JDIMENSION start_col, FAST_FLOAT* workspace) {
  (void)sample_data, (void)start_col, (void)workspace;
  UNREACHABLE_ENTRY;
}

void jsimd_fdct_float(FAST_FLOAT* data) {
  (void)data;
  UNREACHABLE_ENTRY;
}

void jsimd_quantize_float(JCOEFPTR coef_block, FAST_FLOAT* divisors, FAST_FLOAT* workspace) {
  (void)coef_block, (void)divisors, (void)workspace;
  UNREACHABLE_ENTRY;
}

/* Inverse DCT (accurate integer, full size: the codec never scales).
 *
 * libjpeg-turbo's SIMD IDCTs (the Neon one here, AVX2 in djpeg) dequantise
 * in 16-bit lanes, keep the first pass's results in 16 bits and saturate
 * the output, where jidctint.c computes in 32 bits and maps the output
 * through a range-limit table indexed modulo 1024. For the coefficients an
 * encoder writes both give the same pixels; for blocks no encoder writes
 * (corrupt or crafted files) they do not. So a block goes to the Neon IDCT
 * only when S, the sum of its dequantised coefficients' magnitudes, is at
 * most IDCT_SIMD_MAX_SUM: every product is then at most S, every first-pass
 * value at most 4 * sqrt(2) * S (16-bit for S < 5792), and every output
 * within S / 4 (plus rounding) of mid-grey, inside the +-512 where the table
 * clamps as saturation does. Other blocks take jpeg_idct_islow, the plain-C
 * build's function, so that the pixels are the plain-C build's for every
 * input. */

#define IDCT_SIMD_MAX_SUM 2000

static int idct_fits_simd(const JCOEF* coef_block, const ISLOW_MULT_TYPE* quant) {
  /* Magnitudes capped at 2047 first, which decides the same (a coefficient
   * or multiplier capped there makes S > 2000 unless its partner is 0) and
   * keeps every dot product and the sum far from overflow. The cap also
   * turns |-32768|, which i16x8.abs leaves negative, into 2047. */
  const v128_t cap = wasm_i16x8_splat(2047);
  v128_t sum = wasm_i32x4_splat(0);
  for (int i = 0; i < DCTSIZE2; i += 8) {
    const v128_t coefs = wasm_u16x8_min(wasm_i16x8_abs(wasm_v128_load(coef_block + i)), cap);
    const v128_t quants = wasm_u16x8_min(wasm_i16x8_abs(wasm_v128_load(quant + i)), cap);
    sum = wasm_i32x4_add(sum, wasm_i32x4_dot_i16x8(coefs, quants));
  }
  sum = wasm_i32x4_add(sum, wasm_i32x4_shuffle(sum, sum, 2, 3, 0, 1));
  sum = wasm_i32x4_add(sum, wasm_i32x4_shuffle(sum, sum, 1, 0, 3, 2));
  return wasm_i32x4_extract_lane(sum, 0) <= IDCT_SIMD_MAX_SUM;
}

int jsimd_can_idct_islow(void) { return 1; }
int jsimd_can_idct_ifast(void) { return 0; }
int jsimd_can_idct_float(void) { return 0; }
int jsimd_can_idct_2x2(void) { return 0; }
int jsimd_can_idct_4x4(void) { return 0; }

void jsimd_idct_islow(j_decompress_ptr cinfo, jpeg_component_info* compptr, JCOEFPTR coef_block,
                      JSAMPARRAY output_buf, JDIMENSION output_col) {
  if (idct_fits_simd(coef_block, compptr->dct_table)) {
    jsimd_idct_islow_wasm(compptr->dct_table, coef_block, output_buf, output_col);
  } else {
    jpeg_idct_islow(cinfo, compptr, coef_block, output_buf, output_col);
  }
}

void jsimd_idct_ifast(j_decompress_ptr cinfo, jpeg_component_info* compptr, JCOEFPTR coef_block,
                      JSAMPARRAY output_buf, JDIMENSION output_col) {
  (void)cinfo, (void)compptr, (void)coef_block, (void)output_buf, (void)output_col;
  UNREACHABLE_ENTRY;
}

void jsimd_idct_float(j_decompress_ptr cinfo, jpeg_component_info* compptr, JCOEFPTR coef_block,
                      JSAMPARRAY output_buf, JDIMENSION output_col) {
  (void)cinfo, (void)compptr, (void)coef_block, (void)output_buf, (void)output_col;
  UNREACHABLE_ENTRY;
}

void jsimd_idct_2x2(j_decompress_ptr cinfo, jpeg_component_info* compptr, JCOEFPTR coef_block,
                    JSAMPARRAY output_buf, JDIMENSION output_col) {
  (void)cinfo, (void)compptr, (void)coef_block, (void)output_buf, (void)output_col;
  UNREACHABLE_ENTRY;
}

void jsimd_idct_4x4(j_decompress_ptr cinfo, jpeg_component_info* compptr, JCOEFPTR coef_block,
                    JSAMPARRAY output_buf, JDIMENSION output_col) {
  (void)cinfo, (void)compptr, (void)coef_block, (void)output_buf, (void)output_col;
  UNREACHABLE_ENTRY;
}

/* Huffman encoding of a baseline block. Progressive encoding (jcphuff) is
 * never asked of the codec, so its two preparation steps stay C. */

int jsimd_can_huff_encode_one_block(void) { return 1; }
int jsimd_can_encode_mcu_AC_first_prepare(void) { return 0; }
int jsimd_can_encode_mcu_AC_refine_prepare(void) { return 0; }

JOCTET* jsimd_huff_encode_one_block(void* state, JOCTET* buffer, JCOEFPTR block, int last_dc_val,
                                    c_derived_tbl* dctbl, c_derived_tbl* actbl) {
  return jsimd_huff_encode_one_block_wasm(state, buffer, block, last_dc_val, dctbl, actbl);
}

void jsimd_encode_mcu_AC_first_prepare(const JCOEF* block, const int* jpeg_natural_order_start,
                                       int Sl, int Al, UJCOEF* values, size_t* zerobits) {
  (void)block, (void)jpeg_natural_order_start, (void)Sl, (void)Al, (void)values, (void)zerobits;
  UNREACHABLE_ENTRY;
}

int jsimd_encode_mcu_AC_refine_prepare(const JCOEF* block, const int* jpeg_natural_order_start,
                                       int Sl, int Al, UJCOEF* absvalues, size_t* bits) {
  (void)block, (void)jpeg_natural_order_start, (void)Sl, (void)Al, (void)absvalues, (void)bits;
  UNREACHABLE_ENTRY;
}
