/*
 * The codec's JPEG work one function at a time, for `make bench`'s
 * per-function table: the same source linked against each build of the
 * codec's libraries (SIMD and plain C), so that each stage calls whatever
 * that build's libjpeg selected (jsimd_can_*) for the codec's settings.
 *
 * The host (bench/runner, `codec-stages`) copies a JPEG and the raw RGB
 * image it was made from into memory (stages_alloc), calls stages_setup,
 * then times each stage_* export; one call runs that stage over the whole
 * image. Setup runs the real pipeline once so that every stage gets the data
 * it would see in a decode or encode (coefficients, planes, DCT outputs),
 * and takes the functions from libjpeg's own method tables after
 * jpeg_start_decompress/jpeg_start_compress.
 *
 * The module imports nothing: libjpeg's errors trap (the inputs are the
 * bench's, a failure is a bug here), and nothing prints.
 */
#define JPEG_INTERNALS
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jpeglib.h"

#include "jdct.h"
#include "jdsample.h"

#define EXPORT(name) __attribute__((export_name(name)))

/* The leading members of libjpeg's private controllers whose per-component
 * or per-step functions are timed (libjpeg-turbo 2.1.5: jcsample.c's
 * my_downsampler, jcdctmgr.c's my_fdct_controller; jdsample.h is public). */
typedef void (*downsample_fn)(j_compress_ptr, jpeg_component_info*, JSAMPARRAY, JSAMPARRAY);
typedef struct {
  struct jpeg_downsampler pub;
  downsample_fn methods[MAX_COMPONENTS];
} downsampler_head;

typedef struct {
  struct jpeg_forward_dct pub;
  void (*dct)(DCTELEM* data);
  void (*convsamp)(JSAMPARRAY sample_data, JDIMENSION start_col, DCTELEM* workspace);
  void (*quantize)(JCOEFPTR coef_block, DCTELEM* divisors, DCTELEM* workspace);
  DCTELEM* divisors[NUM_QUANT_TBLS];
} fdct_head;

/* --- memory ------------------------------------------------------------ */

/* Margins around every row: SIMD code reads and writes up to a vector past
 * the last sample (libjpeg's own buffers are padded the same way). */
#define MARGIN 64

static void* checked_malloc(size_t size) {
  void* block = malloc(size);
  if (block == NULL) {
    __builtin_trap();
  }
  return block;
}

/* `rows` rows of `width` samples, plus one extra row pointer before and
 * after (repeating the first and last row) for context-reading code. */
static JSAMPARRAY plane(JDIMENSION width, JDIMENSION rows) {
  const size_t stride = ((size_t)width + 2 * MARGIN + 63) & ~(size_t)63;
  JSAMPLE* samples = checked_malloc(stride * rows);
  memset(samples, 0, stride * rows);
  JSAMPARRAY pointers = checked_malloc(sizeof(JSAMPROW) * (rows + 2));
  for (JDIMENSION r = 0; r < rows; r++) {
    pointers[r + 1] = samples + (stride * r) + MARGIN;
  }
  pointers[0] = pointers[1];
  pointers[rows + 1] = pointers[rows];
  return pointers + 1;
}

EXPORT("stages_alloc") void* stages_alloc(uint32_t size) { return checked_malloc(size); }

/* --- errors and destinations ----------------------------------------- */

static void fail(j_common_ptr cinfo) {
  (void)cinfo;
  __builtin_trap();
}
static void emit_message(j_common_ptr cinfo, int level) {
  if (level < 0) {
    fail(cinfo);
  }
}
static void output_message(j_common_ptr cinfo) { (void)cinfo; }
static void format_message(j_common_ptr cinfo, char* buffer) {
  (void)cinfo;
  buffer[0] = '\0';
}
static void reset_error_mgr(j_common_ptr cinfo) { (void)cinfo; }

static struct jpeg_error_mgr errors = {
    .error_exit = fail,
    .emit_message = emit_message,
    .output_message = output_message,
    .format_message = format_message,
    .reset_error_mgr = reset_error_mgr,
};

/* One output buffer, large enough for any encode of the image; every
 * encode starts again at its beginning. */
static JOCTET* out_bytes;
static size_t out_size;
static void dest_init(j_compress_ptr cinfo) {
  cinfo->dest->next_output_byte = out_bytes;
  cinfo->dest->free_in_buffer = out_size;
}
static boolean dest_full(j_compress_ptr cinfo) {
  fail((j_common_ptr)cinfo);
  return FALSE;
}
static void dest_term(j_compress_ptr cinfo) { (void)cinfo; }
static struct jpeg_destination_mgr destination = {
    .init_destination = dest_init, .empty_output_buffer = dest_full, .term_destination = dest_term};

/* --- inputs ---------------------------------------------------------- */

static const JOCTET* jpeg_file;
static unsigned long jpeg_size;
static const JSAMPLE* rgb_pixels;
static JDIMENSION image_width, image_height;

/* The codec's decode settings (cpp-codec/src/jpeg_decode.cpp): RGB out,
 * libjpeg's defaults otherwise (accurate integer IDCT, fancy upsampling). */
static void open_decoder(j_decompress_ptr info) {
  info->err = &errors;
  jpeg_create_decompress(info);
  jpeg_mem_src(info, jpeg_file, jpeg_size);
  jpeg_read_header(info, TRUE);
  info->out_color_space = JCS_RGB;
}

/* The codec's encode settings (cpp-codec/src/jpeg_encode.cpp): quality 90,
 * 4:2:0, libjpeg's defaults otherwise. */
static void open_encoder(j_compress_ptr info) {
  info->err = &errors;
  jpeg_create_compress(info);
  info->dest = &destination;
  info->image_width = image_width;
  info->image_height = image_height;
  info->input_components = 3;
  info->in_color_space = JCS_RGB;
  jpeg_set_defaults(info);
  jpeg_set_quality(info, 90, TRUE);
  info->comp_info[0].h_samp_factor = info->comp_info[0].v_samp_factor = 2;
  for (int ci = 1; ci < 3; ci++) {
    info->comp_info[ci].h_samp_factor = info->comp_info[ci].v_samp_factor = 1;
  }
}

/* --- decoding stages --------------------------------------------------- */

static struct jpeg_decompress_struct coefficients_info; /* holds the coefficients */
static struct jpeg_decompress_struct decoder;           /* started: its methods */
static JBLOCKROW* block_rows[MAX_COMPONENTS];           /* per component, per block row */
static JSAMPARRAY idct_planes[MAX_COMPONENTS];          /* the IDCT's output */
static JSAMPARRAY full_planes[MAX_COMPONENTS];          /* upsampled to full size */
static JSAMPARRAY upsample_rows;                        /* one row group of output */
static JSAMPARRAY rgb_rows;                             /* the decoded image */

static void read_coefficients(void) {
  open_decoder(&coefficients_info);
  jvirt_barray_ptr* arrays = jpeg_read_coefficients(&coefficients_info);
  for (int ci = 0; ci < coefficients_info.num_components; ci++) {
    const jpeg_component_info* component = &coefficients_info.comp_info[ci];
    block_rows[ci] = checked_malloc(sizeof(JBLOCKROW) * component->height_in_blocks);
    for (JDIMENSION r = 0; r < component->height_in_blocks; r++) {
      block_rows[ci][r] = *coefficients_info.mem->access_virt_barray(
          (j_common_ptr)&coefficients_info, arrays[ci], r, 1, FALSE);
    }
  }
}

EXPORT("stage_huffman_decode") void stage_huffman_decode(void) {
  struct jpeg_decompress_struct info;
  open_decoder(&info);
  jpeg_read_coefficients(&info);
  jpeg_destroy_decompress(&info);
}

EXPORT("stage_idct") void stage_idct(void) {
  for (int ci = 0; ci < decoder.num_components; ci++) {
    jpeg_component_info* component = &decoder.comp_info[ci];
    const inverse_DCT_method_ptr idct = decoder.idct->inverse_DCT[ci];
    for (JDIMENSION r = 0; r < component->height_in_blocks; r++) {
      for (JDIMENSION b = 0; b < component->width_in_blocks; b++) {
        idct(&decoder, component, block_rows[ci][r][b], idct_planes[ci] + (r * DCTSIZE),
             b * DCTSIZE);
      }
    }
  }
}

/* Row by row group, as libjpeg's upsampler calls it; setup keeps the output
 * (the full-size planes), the timed runs reuse one row group. */
static void upsample_into(int keep) {
  my_upsample_ptr upsampler = (my_upsample_ptr)decoder.upsample;
  const int group = decoder.max_v_samp_factor;
  for (int ci = 0; ci < decoder.num_components; ci++) {
    jpeg_component_info* component = &decoder.comp_info[ci];
    const JDIMENSION in_rows = component->downsampled_height;
    for (JDIMENSION r = 0; r < in_rows; r += (JDIMENSION)component->v_samp_factor) {
      JSAMPARRAY output =
          keep ? full_planes[ci] + ((r / component->v_samp_factor) * group) : upsample_rows;
      upsampler->methods[ci](&decoder, component, idct_planes[ci] + r, &output);
      if (keep && output != full_planes[ci] + ((r / component->v_samp_factor) * group)) {
        /* A full-size component: the upsampler hands its input back. */
        for (int k = 0; k < group; k++) {
          memcpy(full_planes[ci][(r / component->v_samp_factor) * group + k], output[k],
                 decoder.output_width);
        }
      }
    }
  }
}

EXPORT("stage_upsample") void stage_upsample(void) { upsample_into(0); }

/* One row per call: the codec reads one scanline at a time. */
EXPORT("stage_ycc_rgb") void stage_ycc_rgb(void) {
  for (JDIMENSION r = 0; r < decoder.output_height; r++) {
    decoder.cconvert->color_convert(&decoder, full_planes, r, rgb_rows + r, 1);
  }
}

EXPORT("stage_decode") void stage_decode(void) {
  struct jpeg_decompress_struct info;
  open_decoder(&info);
  jpeg_start_decompress(&info);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = rgb_rows[info.output_scanline];
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
}

static void setup_decoding(void) {
  read_coefficients();
  open_decoder(&decoder);
  jpeg_start_decompress(&decoder);
  const JDIMENSION padded_height = decoder.output_height + 2 * DCTSIZE * MAX_SAMP_FACTOR;
  for (int ci = 0; ci < decoder.num_components; ci++) {
    const jpeg_component_info* component = &decoder.comp_info[ci];
    idct_planes[ci] =
        plane(component->width_in_blocks * DCTSIZE, component->height_in_blocks * DCTSIZE);
    full_planes[ci] = plane(decoder.output_width + 2 * DCTSIZE * MAX_SAMP_FACTOR, padded_height);
  }
  upsample_rows = plane(decoder.output_width + 2 * DCTSIZE * MAX_SAMP_FACTOR, MAX_SAMP_FACTOR);
  rgb_rows = plane(decoder.output_width * 3, decoder.output_height);
  stage_idct();
  upsample_into(1);
}

/* --- encoding stages --------------------------------------------------- */

static struct jpeg_compress_struct encoder; /* started: its methods */
static JSAMPARRAY input_rows;               /* the RGB image */
static JDIMENSION padded_height;            /* rows in whole MCUs */
static JSAMPARRAY ycc_planes[MAX_COMPONENTS];
static JSAMPARRAY down_planes[MAX_COMPONENTS];
static JBLOCKARRAY coef_rows[MAX_COMPONENTS]; /* quantised, per block row */
static DCTELEM workspace[DCTSIZE2] __attribute__((aligned(16)));

EXPORT("stage_rgb_ycc") void stage_rgb_ycc(void) {
  for (JDIMENSION r = 0; r < image_height; r++) {
    encoder.cconvert->color_convert(&encoder, input_rows + r, ycc_planes, r, 1);
  }
}

/* Over the rows padded to whole MCUs, as libjpeg's prep controller does. */
EXPORT("stage_downsample") void stage_downsample(void) {
  downsampler_head* downsampler = (downsampler_head*)encoder.downsample;
  const int group = encoder.max_v_samp_factor;
  for (JDIMENSION g = 0; g * group < padded_height; g++) {
    for (int ci = 0; ci < encoder.num_components; ci++) {
      jpeg_component_info* component = &encoder.comp_info[ci];
      downsampler->methods[ci](&encoder, component, ycc_planes[ci] + (g * group),
                               down_planes[ci] + (g * component->v_samp_factor));
    }
  }
}

/* Sample conversion, FDCT and quantisation run block by block on one
 * workspace, as forward_DCT() runs them; they are timed cumulatively (the
 * host takes the differences): conversion alone, then with the FDCT, then
 * with quantisation too. */
static void forward_dct(int steps) {
  fdct_head* fdct = (fdct_head*)encoder.fdct;
  for (int ci = 0; ci < encoder.num_components; ci++) {
    jpeg_component_info* component = &encoder.comp_info[ci];
    DCTELEM* divisors = fdct->divisors[component->quant_tbl_no];
    for (JDIMENSION r = 0; r < component->height_in_blocks; r++) {
      for (JDIMENSION b = 0; b < component->width_in_blocks; b++) {
        fdct->convsamp(down_planes[ci] + (r * DCTSIZE), b * DCTSIZE, workspace);
        if (steps > 1) {
          fdct->dct(workspace);
        }
        if (steps > 2) {
          fdct->quantize(coef_rows[ci][r][b], divisors, workspace);
        }
      }
    }
  }
}

EXPORT("stage_convsamp") void stage_convsamp(void) { forward_dct(1); }
EXPORT("stage_convsamp_fdct") void stage_convsamp_fdct(void) { forward_dct(2); }
EXPORT("stage_forward_dct") void stage_forward_dct(void) { forward_dct(3); }

/* MCU by MCU as the coefficient controller hands them over (4:2:0: four
 * luma blocks, then one of each chroma); the last MCU row repeats the
 * luma's last block row where the image has none. */
EXPORT("stage_huffman_encode") void stage_huffman_encode(void) {
  destination.next_output_byte = out_bytes;
  destination.free_in_buffer = out_size;
  encoder.entropy->start_pass(&encoder, FALSE);
  JBLOCKROW mcu[C_MAX_BLOCKS_IN_MCU];
  for (JDIMENSION y = 0; y < encoder.MCU_rows_in_scan; y++) {
    for (JDIMENSION x = 0; x < encoder.MCUs_per_row; x++) {
      int n = 0;
      for (int ci = 0; ci < encoder.num_components; ci++) {
        const jpeg_component_info* component = &encoder.comp_info[ci];
        for (int v = 0; v < component->v_samp_factor; v++) {
          JDIMENSION row = (y * (JDIMENSION)component->v_samp_factor) + (JDIMENSION)v;
          if (row >= component->height_in_blocks) {
            row = component->height_in_blocks - 1;
          }
          for (int h = 0; h < component->h_samp_factor; h++) {
            mcu[n++] = coef_rows[ci][row] + (x * (JDIMENSION)component->h_samp_factor) + h;
          }
        }
      }
      encoder.entropy->encode_mcu(&encoder, mcu);
    }
  }
}

/* 16 rows per call, as the codec hands them over. */
EXPORT("stage_encode") void stage_encode(void) {
  struct jpeg_compress_struct info;
  open_encoder(&info);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    jpeg_write_scanlines(&info, input_rows + info.next_scanline, 16);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
}

static void setup_encoding(void) {
  out_size = (size_t)image_width * image_height * 3 + (1 << 20);
  out_bytes = checked_malloc(out_size);
  input_rows = plane(image_width * 3, image_height);
  for (JDIMENSION r = 0; r < image_height; r++) {
    memcpy(input_rows[r], rgb_pixels + ((size_t)r * image_width * 3), (size_t)image_width * 3);
  }
  open_encoder(&encoder);
  jpeg_start_compress(&encoder, TRUE);
  /* Padded as libjpeg's prep controller pads: whole MCUs both ways. */
  const JDIMENSION mcu_width = (JDIMENSION)encoder.max_h_samp_factor * DCTSIZE;
  const JDIMENSION mcu_height = (JDIMENSION)encoder.max_v_samp_factor * DCTSIZE;
  const JDIMENSION padded_width = (image_width + mcu_width - 1) / mcu_width * mcu_width;
  padded_height = (image_height + mcu_height - 1) / mcu_height * mcu_height;
  for (int ci = 0; ci < encoder.num_components; ci++) {
    const jpeg_component_info* component = &encoder.comp_info[ci];
    ycc_planes[ci] = plane(padded_width, padded_height);
    down_planes[ci] = plane(component->width_in_blocks * DCTSIZE,
                            component->height_in_blocks * DCTSIZE + mcu_height);
    coef_rows[ci] = checked_malloc(sizeof(JBLOCKROW) * component->height_in_blocks);
    for (JDIMENSION r = 0; r < component->height_in_blocks; r++) {
      coef_rows[ci][r] = checked_malloc(sizeof(JBLOCK) * component->width_in_blocks);
    }
  }
  stage_rgb_ycc();
  for (int ci = 0; ci < encoder.num_components; ci++) {
    for (JDIMENSION r = image_height; r < padded_height; r++) {
      memcpy(ycc_planes[ci][r], ycc_planes[ci][image_height - 1], padded_width);
    }
  }
  stage_downsample();
  stage_forward_dct();
}

/* The JPEG (hd.jpg) and the RGB image it was encoded from (hd.ppm's
 * pixels), both already in memory (stages_alloc). */
EXPORT("stages_setup")
void stages_setup(const JOCTET* jpeg, uint32_t jpeg_length, const JSAMPLE* rgb, uint32_t width,
                  uint32_t height) {
  jpeg_file = jpeg;
  jpeg_size = jpeg_length;
  rgb_pixels = rgb;
  image_width = width;
  image_height = height;
  setup_encoding();
  setup_decoding();
}
