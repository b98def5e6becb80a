// The command lines of the hsc tool and the study programs, on CLI11 (Debian libcli11-dev): options
// as "--name value" or "--name=value", -h/--help on every command, errors that name the option and
// what it allows. What is added here is what CLI11 leaves to its users: numbers must be finite (CLI11
// reads "inf", "nan" and 1e400 as numbers), misuse exits 2 as usage errors conventionally do, and
// the small "a:b:c" specifications some options take.
#pragma once

#include <hsc/config.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

namespace hsc::cli {

/// Misuse of the command line (exit code 2).
struct usage_error
{
    std::string message;
};

namespace detail {

    /// 0, 1.5, 1e-06: a bound as a person writes it.
    inline std::string number_text(double x)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%g", x);
        return text;
    }

    /// The check behind the validators below: a finite number, above `low` (or at least `low` when
    /// `inclusive`); an empty string when it is, else what is wrong.
    inline std::string check_real(const std::string& value, double low, bool inclusive)
    {
        char* end = nullptr;
        const double x = std::strtod(value.c_str(), &end);
        const bool number = !value.empty() && *end == '\0' && std::isfinite(x);
        if (number && (inclusive ? x >= low : x > low)) return {};
        const std::string bound = std::isfinite(low) ? (inclusive ? " >= " : " > ") + number_text(low) : "";
        return "must be a finite number" + bound + ", got '" + value + "'";
    }

} // namespace detail

/// Rejects a value that is not a finite number (CLI11 alone reads "inf", "nan" and 1e400 as numbers).
inline const CLI::Validator finite([](std::string& v) { return detail::check_real(v, -INFINITY, false); }, "FINITE");

/// A finite number >= low.
inline CLI::Validator at_least(double low)
{
    return {[low](std::string& v) { return detail::check_real(v, low, true); },
            "FINITE >= " + detail::number_text(low)};
}

/// A finite number > low.
inline CLI::Validator above(double low)
{
    return {[low](std::string& v) { return detail::check_real(v, low, false); },
            "FINITE > " + detail::number_text(low)};
}

/// A comma-separated list option whose every value `check` accepts.
template <class V>
void add_list(CLI::App& app, const std::string& name, std::vector<V>& values, const std::string& help,
              const CLI::Validator& check)
{
    app.add_option(name, values, help)->type_name("LIST")->delimiter(',')->check(check)->capture_default_str();
}

/// An option that takes one of `choices`.
inline void add_choice(CLI::App& app, const std::string& name, std::string& value, const std::string& help,
                       const std::vector<std::string>& choices)
{
    app.add_option(name, value, help)->check(CLI::IsMember(choices))->capture_default_str();
}

/// The look of every command's help: the usage line names the command as a user types it
/// ("hsc encode"), option descriptions start in one column.
inline void set_style(CLI::App& app)
{
    app.get_formatter()->column_width(28);
    app.get_formatter()->label("REQUIRED", "(required)");
}

/// Reads `args` (the words after the command name) into the options declared on `app`. Returns
/// false when -h or --help asked for the help, which it prints on stdout; misuse throws usage_error
/// with CLI11's message.
inline bool parse(CLI::App& app, const std::vector<std::string>& args)
{
    std::vector<std::string> last_first(args.rbegin(), args.rend()); // the order CLI11 consumes
    try {
        app.parse(last_first);
    } catch (const CLI::CallForHelp&) {
        const std::string help = app.help();
        if (std::fputs(help.c_str(), stdout) < 0 || std::fflush(stdout) != 0)
            fail(errc::io, "cannot write to standard output");
        return false;
    } catch (const CLI::ParseError& e) {
        throw usage_error{e.what()};
    }
    return true;
}

/// A whole number in [low, high] inside a specification such as "grid:0:30:6"; `name` says where.
inline std::size_t parse_count(const std::string& name, const std::string& v, std::size_t low, std::size_t high)
{
    char* end = nullptr;
    errno = 0;
    const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || v[0] == '-' || *end != '\0' || errno == ERANGE || x < low || x > high) {
        throw usage_error{name + " must be a whole number in " + std::to_string(low) + ".." + std::to_string(high) +
                          ", got '" + v + "'"};
    }
    return static_cast<std::size_t>(x);
}

/// A finite real number inside a specification; `name` says where.
inline double parse_real(const std::string& name, const std::string& v)
{
    if (const std::string why = detail::check_real(v, -INFINITY, false); !why.empty())
        throw usage_error{name + " " + why};
    return std::strtod(v.c_str(), nullptr);
}

/// main() of a study program: runs `run` on the arguments; a usage error prints the message and
/// where help is (exit 2), any other error its message (exit 1).
template <class Run>
int run_program(const char* name, int argc, char** argv, Run&& run)
{
    try {
        const int status = run(std::vector<std::string>(argv + 1, argv + argc));
        // A failed write of progress to stderr is a failed run too (and cannot be reported there).
        return status == 0 && (std::fflush(stderr) != 0 || std::ferror(stderr)) ? 1 : status;
    } catch (const usage_error& e) {
        std::fprintf(stderr, "%s: %s\n(see %s --help)\n", name, e.message.c_str(), name);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return 1;
    }
}

inline bool ends_with(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// "a:b:c" → {"a", "b", "c"}.
inline std::vector<std::string> split(const std::string& s, char separator)
{
    std::vector<std::string> parts;
    std::string current;
    for (char c : s) {
        if (c == separator) {
            parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(current);
    return parts;
}

} // namespace hsc::cli
