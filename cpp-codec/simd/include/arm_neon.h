/* libjpeg-turbo's Neon backend (simd/arm/) includes <arm_neon.h>; on wasm32
 * the same intrinsics come from SIMDe, which implements them on wasm SIMD128
 * (-msimd128). The native aliases let the Neon sources compile unchanged. */
#ifndef IMAGE_CODEC_SIMD_ARM_NEON_H
#define IMAGE_CODEC_SIMD_ARM_NEON_H

#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/arm/neon.h>

#include "neon_wasm.h"

#endif
