# The exception tag that __wasm_longjmp throws and setjmp callers catch. The
# compiler references it but expects the C library to define it; Debian's
# wasi-libc does not. Its payload is one pointer: the longjmp arguments.
.globl __c_longjmp
.tagtype __c_longjmp i32
__c_longjmp:
