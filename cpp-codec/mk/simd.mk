# libjpeg-turbo's SIMD backend for wasm32: its Arm Neon code (simd/arm/, C
# intrinsics) compiled through SIMDe, which implements the Neon intrinsics
# on wasm SIMD128, plus the codec's own dispatcher and Huffman encoder
# (cpp-codec/simd/; cpp-codec/README.md says which function comes from
# where). CMake's SIMD build refuses a CPU it does not know, so the objects
# are built here and put into a copy of CMake's libjpeg.a in place of
# jsimd_none.c.

CODEC_SIMD_DIR := $(CODEC_DIR)/simd
CODEC_NEON_SRC := $(CODEC_JPEG_SRC)/simd/arm
# The Neon files that hold what the dispatcher (simd/jsimd_wasm.c) uses.
CODEC_NEON_NAMES := jccolor-neon jcsample-neon jdcolor-neon jdsample-neon jquanti-neon
CODEC_SIMD_NAMES := jsimd_wasm jccolor_wasm jchuff_wasm jdcolor_wasm jquanti_wasm jfdctint_wasm jidctint_wasm

# NEON_INTRINSICS: the intrinsics version of every function, as CMake sets it
# where the Arm assembly is not used. simd/include/ holds <arm_neon.h> (SIMDe)
# and the neon-compat.h that CMake would have written.
CODEC_NEON_FLAGS := -w $(CODEC_LIB_DEFINES) -DNEON_INTRINSICS -I$(CODEC_SIMD_DIR)/include
CODEC_SIMD_OWN_FLAGS := $(CODEC_LIB_DEFINES) -std=c11 -Wall -Wextra -Wshadow -Wconversion -Werror

# libjpeg's Huffman decoder (jdhuff.c, and jdphuff.c, which shares its
# header) with a 64-bit bit buffer: jdhuff.h takes one where size_t is 64-bit
# and for x86-64's ILP32 ABI (x32), 32-bit pointers with 64-bit registers;
# wasm32 is the same case. Copies of the three files, the two conditions
# extended to __wasm32__ (the recipe fails if either is gone), in place of
# CMake's objects. The decoded coefficients are the same; the buffer is
# refilled 6 bytes at a time instead of 2.
CODEC_HUFF64_X32 := defined\(__x86_64__\) \&\& defined\(__ILP32__\)
CODEC_HUFF64_WASM := (defined(__x86_64__) \&\& defined(__ILP32__)) || defined(__wasm32__)
CODEC_HUFF64_NAMES := jdhuff jdphuff

# $(call codec_simd_backend,FLAVOUR,CC,CFLAGS,AR): under $(CODEC_BUILD)/FLAVOUR,
# the objects and libjpeg-simd.a. CFLAGS: the flavour's library flags without
# -w (-msimd128 and -DWITH_SIMD among them).
define codec_simd_backend
CODEC_$(1)_SIMD_OBJS := $$(addprefix $$(CODEC_$(1)_DIR)/simd/,$$(addsuffix .o,$$(CODEC_NEON_NAMES) \
  $$(CODEC_SIMD_NAMES)))
CODEC_$(1)_SIMD_INCLUDES := -isystem $$(CODEC_$(1)_DIR)/libjpeg-turbo -isystem $$(CODEC_JPEG_SRC)
CODEC_$(1)_SIMD_FLAGS := $$(CODEC_$(1)_DIR)/simd/simd-flags

$$(CODEC_$(1)_SIMD_FLAGS): codec-flags-check | $$(DEBIAN_OK)
	$$(call codec_flags_file,$(2) $(3) $$(CODEC_NEON_FLAGS) $$(CODEC_SIMD_OWN_FLAGS))

$$(CODEC_$(1)_DIR)/simd/%.o: $$(CODEC_NEON_SRC)/%.c $$(CODEC_$(1)_SIMD_FLAGS) \
    | $$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h
	$(2) $(3) $$(CODEC_NEON_FLAGS) $$(CODEC_$(1)_SIMD_INCLUDES) -MD -MP -c $$< -o $$@

$$(CODEC_$(1)_DIR)/simd/%.o: $$(CODEC_SIMD_DIR)/%.c $$(CODEC_$(1)_SIMD_FLAGS) \
    | $$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h
	$(2) $(3) $$(CODEC_SIMD_OWN_FLAGS) $$(CODEC_$(1)_SIMD_INCLUDES) -MD -MP -c $$< -o $$@

$$(CODEC_$(1)_DIR)/huff64/jdhuff.h: $$(CODEC_JPEG_SRC)/jdhuff.h
	@mkdir -p $$(@D)
	sed -E 's/^#elif $$(CODEC_HUFF64_X32)$$$$/#elif $$(CODEC_HUFF64_WASM)/' $$< > $$@
	grep -q '__wasm32__' $$@
$$(CODEC_$(1)_DIR)/huff64/jdhuff.c: $$(CODEC_JPEG_SRC)/jdhuff.c
	@mkdir -p $$(@D)
	sed -E 's/ \|\| \($$(CODEC_HUFF64_X32)\)$$$$/ || $$(CODEC_HUFF64_WASM)/' $$< > $$@
	grep -q '__wasm32__' $$@
$$(CODEC_$(1)_DIR)/huff64/jdphuff.c: $$(CODEC_JPEG_SRC)/jdphuff.c
	@mkdir -p $$(@D)
	cp $$< $$@
$$(CODEC_$(1)_DIR)/huff64/%.o: $$(CODEC_$(1)_DIR)/huff64/%.c $$(CODEC_$(1)_DIR)/huff64/jdhuff.h \
    $$(CODEC_$(1)_LIB_FLAGS) | $$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h
	$(2) $(3) $$(CODEC_LIB_CFLAGS) -I$$(CODEC_$(1)_DIR)/libjpeg-turbo -I$$(CODEC_JPEG_SRC) -c $$< -o $$@
CODEC_$(1)_HUFF64_OBJS := $$(CODEC_HUFF64_NAMES:%=$$(CODEC_$(1)_DIR)/huff64/%.o)

$$(CODEC_$(1)_DIR)/libjpeg-simd.a: $$(CODEC_$(1)_DIR)/libjpeg-turbo/libjpeg.a $$(CODEC_$(1)_SIMD_OBJS) \
    $$(CODEC_$(1)_HUFF64_OBJS)
	rm -f $$@ && cp $$< $$@
	$(4) d $$@ jsimd_none.c.obj $$(CODEC_HUFF64_NAMES:%=%.c.obj)
	$(4) rs $$@ $$(CODEC_$(1)_SIMD_OBJS) $$(CODEC_$(1)_HUFF64_OBJS)

-include $$(CODEC_$(1)_SIMD_OBJS:.o=.d)
endef
