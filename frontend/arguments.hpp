// A small command-line parser for the hsc tool and the study programs: "--name value" and
// "--name=value" options, "--name" flags and -h for --help, each declared before use, with errors
// that name the option and the bad value.
#pragma once

#include <hsc/config.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace hsc::cli {

/// Thrown for misuse of the command line (exit code 2, as usage errors conventionally are).
struct usage_error
{
    std::string message;
};

class arguments
{
public:
    /// `valued`: options that take a value; `flags`: options that do not.
    arguments(const std::vector<std::string>& args, std::set<std::string> valued, std::set<std::string> flags = {})
    {
        for (std::size_t i = 0; i < args.size(); ++i) {
            std::string a = args[i] == "-h" ? "--help" : args[i];
            std::optional<std::string> attached; // --name=value
            if (const auto equals = a.find('='); a.rfind("--", 0) == 0 && equals != std::string::npos) {
                attached = a.substr(equals + 1);
                a.resize(equals);
            }
            if (a.rfind("--", 0) != 0) {
                m_positional.push_back(a);
            } else if (flags.count(a)) {
                if (attached) throw usage_error{"option " + a + " takes no value"};
                m_flags.insert(a);
            } else if (valued.count(a)) {
                if (!attached && i + 1 >= args.size()) throw usage_error{"option " + a + " needs a value"};
                if (m_values.count(a)) throw usage_error{"option " + a + " given twice"};
                m_values[a] = attached ? *attached : args[++i];
            } else {
                throw usage_error{"unknown option " + a};
            }
        }
    }

    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    const std::vector<std::string>& positional() const { return m_positional; }

    std::optional<std::string> text(const std::string& name) const
    {
        const auto it = m_values.find(name);
        return it == m_values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }

    std::string required(const std::string& name) const
    {
        const auto v = text(name);
        if (!v) throw usage_error{"missing required option " + name};
        return *v;
    }

    /// A whole number in [low, high].
    std::size_t count(const std::string& name, std::size_t fallback, std::size_t low, std::size_t high) const
    {
        const auto v = text(name);
        if (!v) return fallback;
        return parse_count(name, *v, low, high);
    }

    static std::size_t parse_count(const std::string& name, const std::string& v, std::size_t low, std::size_t high)
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

    /// A finite real number.
    static double parse_real(const std::string& name, const std::string& v)
    {
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || !std::isfinite(x)) {
            throw usage_error{name + " must be a finite number, got '" + v + "'"};
        }
        return x;
    }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

/// main() of an example program: runs `run` on the arguments; a usage error prints the message and
/// the usage (exit 2), any other error its message (exit 1).
template <class Run>
int run_program(const char* name, const char* usage, int argc, char** argv, Run&& run)
{
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const usage_error& e) {
        std::fprintf(stderr, "%s: %s\n%s", name, e.message.c_str(), usage);
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
