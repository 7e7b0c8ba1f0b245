/*
 * setjmp.h for wasm32-wasi builds of the codec.
 *
 * Debian's wasi-libc ships no <setjmp.h>, yet libpng and libjpeg can only
 * report errors by longjmp-ing out of a handler. Clang lowers setjmp/longjmp
 * onto the WebAssembly exception-handling proposal when every translation
 * unit is built with
 *   -mllvm -wasm-enable-sjlj -mllvm -wasm-use-legacy-eh=false
 *   -mexception-handling
 * and calls the runtime in rt.c. This header only has to give jmp_buf a size
 * and alignment that hold that runtime's state, and declare the two functions
 * so that the compiler recognises (and rewrites) them.
 */
#ifndef IMAGE_CODEC_WASM_SETJMP_H
#define IMAGE_CODEC_WASM_SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

/* rt.c checks at compile time that its state fits. */
typedef struct __jmp_buf_tag {
  unsigned long long __state[4];
} jmp_buf[1];

/* returns_twice: the optimiser must not keep values in registers across it. */
int setjmp(jmp_buf env) __attribute__((__returns_twice__));
void longjmp(jmp_buf env, int val) __attribute__((__noreturn__));

#define setjmp setjmp

#ifdef __cplusplus
}
#endif

#endif
