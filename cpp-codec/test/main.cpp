// codec-tests GOLDEN_DIR ENCODED_DIR
#include <cstdlib>
#include <iostream>
#include <span>

#include "check.h"
#include "support.h"

// The codec reports failed allocations as out-of-memory; AddressSanitizer
// would abort on them instead unless told to let malloc return null.
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): ASan's hook
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

int main(int argc, char** argv) {
  const std::span arguments{argv, static_cast<std::size_t>(argc)};
  if (arguments.size() != 3) {
    std::cerr << "usage: codec-tests GOLDEN_DIR ENCODED_DIR\n";
    return EXIT_FAILURE;
  }
  test::set_golden_directory(arguments[1]);
  test::set_encoded_directory(arguments[2]);
  return check::run_all();
}
