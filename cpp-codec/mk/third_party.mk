# zlib, libpng and libjpeg-turbo, built once per flavour from the Debian
# sources in $(THIRD_PARTY_SRC): `wasm` for the component (libjpeg with its
# SIMD backend, mk/simd.mk), `wasm-c` for the plain-C build of it and
# `native` for the tests, so that all run the same library code.

# CODEC_{ZLIB,PNG,JPEG}_SRC: toolchain/toolchain.mk (one folder per pinned
# source package, unpacked on first use).

# zlib without gz* (file I/O) and libpng without its optional test and
# contrib code: only what decoding and encoding in memory need.
CODEC_ZLIB_NAMES := adler32 compress crc32 deflate infback inffast inflate inftrees trees \
  uncompr zutil
CODEC_PNG_NAMES := png pngerror pngget pngmem pngpread pngread pngrio pngrtran pngrutil \
  pngset pngtrans pngwio pngwrite pngwtran pngwutil

# libpng's stock configuration minus stdio: the codec reads and writes
# memory through callbacks, and without CONSOLE_IO nothing in libpng can
# print, so the component needs no WASI output streams.
CODEC_PNG_UNWANTED := STDIO|CONSOLE_IO|SIMPLIFIED_WRITE_STDIO

# $(call codec_third_party,FLAVOUR,CC,CFLAGS,AR,CMAKE_ARGS[,simd]) defines, under
# $(CODEC_BUILD)/FLAVOUR: libz.a, libpng.a and libjpeg.a, the variables
# CODEC_<FLAVOUR>_LIBS and CODEC_<FLAVOUR>_LIB_INCLUDES, and the header
# targets CODEC_<FLAVOUR>_LIB_HEADERS (generated headers that compiling
# against the libraries needs). With `simd`, the libjpeg linked is
# libjpeg-simd.a, libjpeg.a with the wasm SIMD backend in place of
# jsimd_none.c (its rule: codec_simd_backend, mk/simd.mk).
define codec_third_party
CODEC_$(1)_DIR := $$(CODEC_BUILD)/$(1)
CODEC_$(1)_LIB_FLAGS := $$(CODEC_$(1)_DIR)/library-flags

CODEC_$(1)_LIB_COMPILE := $(2) $(3) $(5)
$$(CODEC_$(1)_LIB_FLAGS): codec-flags-check | $$(DEBIAN_OK)
	$$(call codec_flags_file,$$(CODEC_$(1)_LIB_COMPILE))

$$(CODEC_$(1)_DIR)/zlib/%.o: $$(CODEC_ZLIB_SRC)/%.c $$(CODEC_$(1)_LIB_FLAGS)
	@mkdir -p $$(@D)
	$(2) $(3) -I$$(CODEC_ZLIB_SRC) -c $$< -o $$@

$$(CODEC_$(1)_DIR)/libz.a: $$(CODEC_ZLIB_NAMES:%=$$(CODEC_$(1)_DIR)/zlib/%.o)
	rm -f $$@ && $(4) rcs $$@ $$^

$$(CODEC_$(1)_DIR)/libpng/include/pnglibconf.h: $$(CODEC_PNG_SRC)/scripts/pnglibconf.h.prebuilt
	@mkdir -p $$(@D)
	sed -E '/^#define PNG_($$(CODEC_PNG_UNWANTED))_SUPPORTED$$$$/d' $$< > $$@

$$(CODEC_$(1)_DIR)/libpng/%.o: $$(CODEC_PNG_SRC)/%.c $$(CODEC_$(1)_DIR)/libpng/include/pnglibconf.h \
    $$(CODEC_$(1)_LIB_FLAGS)
	$(2) $(3) -I$$(CODEC_$(1)_DIR)/libpng/include -I$$(CODEC_ZLIB_SRC) -c $$< -o $$@

$$(CODEC_$(1)_DIR)/libpng.a: $$(CODEC_PNG_NAMES:%=$$(CODEC_$(1)_DIR)/libpng/%.o)
	rm -f $$@ && $(4) rcs $$@ $$^

# CMake writes jconfig.h when it configures; the library is built by the
# makefiles it generates (`+`: they share this make's job slots).
$$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h: $$(CODEC_JPEG_SRC)/CMakeLists.txt \
    $$(CODEC_DIR)/cmake/wasm32-wasi.cmake $$(CODEC_$(1)_LIB_FLAGS)
	rm -rf $$(@D) && mkdir -p $$(@D)
	cmake -S $$(CODEC_JPEG_SRC) -B $$(@D) -G "Unix Makefiles" \
	  -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=$(2) "-DCMAKE_C_FLAGS=$(3)" \
	  -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DENABLE_SHARED=OFF $(5) \
	  > $$(@D)/configure.log 2>&1 || { cat $$(@D)/configure.log; exit 1; }

$$(CODEC_$(1)_DIR)/libjpeg-turbo/libjpeg.a: $$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h
	+$$(MAKE) -C $$(@D) jpeg-static > $$(@D)/build.log 2>&1 || { cat $$(@D)/build.log; exit 1; }

CODEC_$(1)_LIBS := $$(addprefix $$(CODEC_$(1)_DIR)/,libpng.a libz.a \
  $(if $(6),libjpeg-simd.a,libjpeg-turbo/libjpeg.a))
# -isystem: the libraries' headers and macros are not held to the codec's
# warnings (jpeglib.h's macros use C casts, for instance).
CODEC_$(1)_LIB_INCLUDES := -isystem $$(CODEC_$(1)_DIR)/libpng/include -isystem $$(CODEC_PNG_SRC) \
  -isystem $$(CODEC_ZLIB_SRC) -isystem $$(CODEC_$(1)_DIR)/libjpeg-turbo \
  -isystem $$(CODEC_JPEG_SRC)
CODEC_$(1)_LIB_HEADERS := $$(CODEC_$(1)_DIR)/libpng/include/pnglibconf.h \
  $$(CODEC_$(1)_DIR)/libjpeg-turbo/jconfig.h
endef
