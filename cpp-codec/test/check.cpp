#include "check.h"

#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace check {

namespace {

struct Test {
  std::string_view name;
  TestFunction function;
};

struct State {
  std::vector<Test> tests;
  std::string_view current_test;
  std::size_t current_failures = 0;
};

// Function-local: registrations run during static initialisation, in any
// order across files.
State& state() {
  static State instance;
  return instance;
}

}  // namespace

Registration::Registration(std::string_view name, TestFunction function) {
  state().tests.push_back({.name = name, .function = function});
}

void fail(std::string_view message, std::source_location where) {
  ++state().current_failures;
  std::cout << "FAIL " << state().current_test << " (" << where.file_name() << ":" << where.line()
            << "): " << message << "\n";
}

int run_all() {
  std::size_t passed = 0;
  std::size_t failed = 0;
  State& run = state();
  for (const Test& test : run.tests) {
    run.current_test = test.name;
    run.current_failures = 0;
    test.function();
    if (run.current_failures == 0) {
      ++passed;
    } else {
      ++failed;
    }
  }
  std::cout << "codec: " << passed << " passed, " << failed << " failed\n" << std::flush;
  return failed == 0 ? 0 : 1;
}

}  // namespace check
