# CMake toolchain file: builds libjpeg-turbo for wasm32-wasi with Debian's
# clang and wasi-libc. The codec's makefile passes the compiler and flags
# (CODEC_WASM_CC, CODEC_WASM_LIB_FLAGS) as cache variables, so that one place
# holds them.
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT /usr)
# Configure-time checks cannot run wasm executables; static-library try-compiles
# need no linker either.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# The archiver of the same LLVM as the compiler, found when CMake runs (the
# makefile passes only the major version: it must not look for installed
# tools when make reads it, before the toolchain is installed).
# (try_compile's projects read this file again: they need the variable too.)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CODEC_LLVM_MAJOR)
find_program(CMAKE_AR llvm-ar-${CODEC_LLVM_MAJOR} REQUIRED)
find_program(CMAKE_RANLIB llvm-ranlib-${CODEC_LLVM_MAJOR} REQUIRED)
