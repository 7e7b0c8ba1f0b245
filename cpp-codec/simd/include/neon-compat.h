/* What libjpeg-turbo's CMake writes into simd/arm/neon-compat.h after probing
 * the compiler (simd/arm/neon-compat.h.in), for SIMDe on wasm32: SIMDe
 * implements the multi-register loads, and clang has the builtins. */
#ifndef IMAGE_CODEC_SIMD_NEON_COMPAT_H
#define IMAGE_CODEC_SIMD_NEON_COMPAT_H

#define HAVE_VLD1_S16_X3
#define HAVE_VLD1_U16_X2
#define HAVE_VLD1Q_U8_X4

#define BUILTIN_CLZ(x) __builtin_clz(x)
#define BUILTIN_CLZLL(x) __builtin_clzll(x)
#define BUILTIN_BSWAP64(x) __builtin_bswap64(x)

#endif
