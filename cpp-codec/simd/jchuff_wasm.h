/* The wasm SIMD128 Huffman encoder of one baseline block (jchuff_wasm.c),
 * with the signature of libjpeg-turbo's jsimd_huff_encode_one_block(). */
#ifndef IMAGE_CODEC_SIMD_JCHUFF_WASM_H
#define IMAGE_CODEC_SIMD_JCHUFF_WASM_H

JOCTET* jsimd_huff_encode_one_block_wasm(void* state, JOCTET* buffer, JCOEFPTR block,
                                         int last_dc_val, c_derived_tbl* dctbl,
                                         c_derived_tbl* actbl);

#endif
