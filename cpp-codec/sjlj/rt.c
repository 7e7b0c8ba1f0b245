/*
 * The runtime half of Clang's setjmp/longjmp lowering for WebAssembly
 * (-mllvm -wasm-enable-sjlj), which Debian's wasi-libc lacks.
 *
 * The compiler rewrites each setjmp(env) into __wasm_setjmp(env, label, id),
 * where id is unique to the running invocation of the calling function and
 * label names the point to resume at. longjmp(env, val) becomes
 * __wasm_longjmp(env, val), which throws a wasm exception with the
 * __c_longjmp tag (tag.S). Every function that called setjmp catches that
 * tag, asks __wasm_setjmp_test whether env was set by this very invocation,
 * and either resumes at the returned label or rethrows (label 0) to its
 * caller. Frames in between are unwound by the engine; no C++ destructor
 * runs, so callers keep C++ objects outside those frames.
 */
#include <setjmp.h>
#include <stdint.h>

/* Read by the compiler-generated catch code: the layout is fixed by LLVM. */
struct wasm_longjmp_args {
  void* env;
  int val;
};

struct jmp_buf_state {
  void* func_invocation_id;
  uint32_t label;
  /* Lives in env so that throwing needs no allocation and no global. */
  struct wasm_longjmp_args args;
};

_Static_assert(sizeof(struct jmp_buf_state) <= sizeof(jmp_buf), "jmp_buf too small");
_Static_assert(_Alignof(struct jmp_buf_state) <= _Alignof(jmp_buf), "jmp_buf misaligned");

void __wasm_setjmp(void* env, uint32_t label, void* func_invocation_id);
uint32_t __wasm_setjmp_test(void* env, void* func_invocation_id);
void __wasm_longjmp(void* env, int val) __attribute__((__noreturn__));

void __wasm_setjmp(void* env, uint32_t label, void* func_invocation_id) {
  struct jmp_buf_state* state = env;
  state->func_invocation_id = func_invocation_id;
  state->label = label;
}

uint32_t __wasm_setjmp_test(void* env, void* func_invocation_id) {
  const struct jmp_buf_state* state = env;
  /* 0 tells the catching frame that env belongs to another frame: rethrow. */
  return state->func_invocation_id == func_invocation_id ? state->label : 0;
}

void __wasm_longjmp(void* env, int val) {
  struct jmp_buf_state* state = env;
  state->args.env = env;
  /* C11 7.13.2.1: setjmp never returns 0 through longjmp. */
  state->args.val = val == 0 ? 1 : val;
  /* Tag index 1 is __c_longjmp (index 0 is C++'s __cpp_exception). */
  __builtin_wasm_throw(1, &state->args);
}
