// Configuration switches, version macros and the library's single error path.
//
// Switches (define before including any hsc header, or pass -D on the command line):
//   HSC_NO_EXCEPTIONS   never throw, even where the compiler allows it; errors go to the handler.
//   HSC_ENABLE_ASSERTS  check internal preconditions of hot paths (on by default unless NDEBUG).
//   HSC_DISABLE_ASSERTS turn those checks off even without NDEBUG.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#define HSC_VERSION_MAJOR 0
#define HSC_VERSION_MINOR 1
#define HSC_VERSION_PATCH 0
#define HSC_VERSION_STRING "0.1.0"
// Single integer for preprocessor comparisons: 10000 * major + 100 * minor + patch.
#define HSC_VERSION (HSC_VERSION_MAJOR * 10000 + HSC_VERSION_MINOR * 100 + HSC_VERSION_PATCH)

#if defined(__cpp_exceptions) && !defined(HSC_NO_EXCEPTIONS)
#define HSC_HAS_EXCEPTIONS 1
#include <stdexcept>
#else
#define HSC_HAS_EXCEPTIONS 0
#endif

#if !defined(HSC_ENABLE_ASSERTS) && !defined(NDEBUG) && !defined(HSC_DISABLE_ASSERTS)
#define HSC_ENABLE_ASSERTS
#endif

namespace hsc {

/// What kind of problem an error reports; lets callers react without parsing the message.
enum class errc {
    invalid_argument,
    io,
    format,
    out_of_memory
};

inline const char* to_string(errc code) noexcept
{
    switch (code) {
    case errc::invalid_argument:
        return "invalid argument";
    case errc::io:
        return "i/o error";
    case errc::format:
        return "format error";
    case errc::out_of_memory:
        return "out of memory";
    }
    return "error";
}

#if HSC_HAS_EXCEPTIONS
/// The one exception type hsc throws. `what()` names the function and the offending value.
class error : public std::runtime_error
{
public:
    error(errc code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    errc code() const noexcept { return m_code; }

private:
    errc m_code;
};
#endif

/// Called instead of throwing when exceptions are unavailable. It must not return.
using error_handler = void (*)(errc code, const char* message) noexcept;

namespace detail {
    [[noreturn]] inline void abort_handler(errc code, const char* message) noexcept
    {
        // Last words before abort: the only place the library writes to the terminal.
        std::fprintf(stderr, "hsc: %s: %s\n", to_string(code), message);
        std::abort();
    }

    inline error_handler& installed_handler() noexcept
    {
        static error_handler handler = &abort_handler;
        return handler;
    }
} // namespace detail

/// Replaces the handler used in builds without exceptions; returns the previous one.
/// A handler that returns is a contract violation: hsc aborts right after it.
inline error_handler set_error_handler(error_handler handler) noexcept
{
    error_handler previous = detail::installed_handler();
    detail::installed_handler() = handler != nullptr ? handler : &detail::abort_handler;
    return previous;
}

/// Reports an error: throws hsc::error, or calls the installed handler and aborts.
[[noreturn]] inline void fail(errc code, const std::string& message)
{
#if HSC_HAS_EXCEPTIONS
    throw error(code, message);
#else
    detail::installed_handler()(code, message.c_str());
    std::abort();
#endif
}

/// Checks a caller-supplied condition; the message is only built when the check fails.
template <class MessageFn>
inline void require(bool condition, errc code, MessageFn&& message)
{
    if (!condition) {
        fail(code, message());
    }
}

} // namespace hsc

#if defined(HSC_ENABLE_ASSERTS)
#define HSC_ASSERT(cond)                                                                                               \
    ((cond) ? static_cast<void>(0)                                                                                     \
            : (::hsc::detail::installed_handler()(::hsc::errc::invalid_argument, "assertion failed: " #cond),          \
               std::abort()))
#else
#define HSC_ASSERT(cond) static_cast<void>(0)
#endif

/// On a function parameter: the pointer is the only way to its array inside the function. Loops
/// over several arrays then vectorise without run-time overlap checks, which GCC gives up on
/// beyond a few pointers (leaving such loops scalar).
#define HSC_RESTRICT __restrict
