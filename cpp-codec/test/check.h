// A minimal test runner: TEST registers a function, CHECK records a failed
// condition and carries on, REQUIRE records it and leaves the test. The
// runner prints each failure and ends with "codec: N passed, M failed".
#pragma once

#include <source_location>
#include <sstream>
#include <string>
#include <string_view>

namespace check {

using TestFunction = void (*)();

struct Registration {
  Registration(std::string_view name, TestFunction function);
};

// Records a failure of the running test.
void fail(std::string_view message, std::source_location where);

[[nodiscard]] inline bool expect(bool condition, std::string_view text,
                                 std::source_location where = std::source_location::current()) {
  if (!condition) {
    fail(text, where);
  }
  return condition;
}

template <class A, class B>
[[nodiscard]] bool expect_eq(const A& actual, const B& expected, std::string_view text,
                             std::source_location where = std::source_location::current()) {
  if (actual == expected) {
    return true;
  }
  std::ostringstream message;
  message << text << ": got " << actual << ", expected " << expected;
  fail(message.str(), where);
  return false;
}

// Runs every registered test; returns the process exit status.
int run_all();

}  // namespace check

// NOLINTBEGIN(cppcoreguidelines-macro-usage): registration and the failing
// expression's text need the preprocessor.

// Each test is a static member of a struct in an anonymous namespace, so
// that tests in different files never collide and none is visible outside.
#define TEST(name)                                                           \
  namespace {                                                                \
  struct name##_test {                                                       \
    static void run();                                                       \
  };                                                                         \
  const ::check::Registration name##_registration{#name, &name##_test::run}; \
  }                                                                          \
  void name##_test::run()
#define CHECK(condition) static_cast<void>(::check::expect((condition), #condition))
#define CHECK_EQ(actual, expected) \
  static_cast<void>(::check::expect_eq((actual), (expected), #actual " == " #expected))
// Written out so that static analysis sees the early return.
#define REQUIRE(condition)                                               \
  if (const bool required_ = static_cast<bool>(condition); !required_) { \
    ::check::fail(#condition, std::source_location::current());          \
    return;                                                              \
  }
// NOLINTEND(cppcoreguidelines-macro-usage)
