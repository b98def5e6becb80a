// The hsc command-line tool: a thin layer that parses, calls the library and prints JSON.
//
// Built-in commands are in the table below, one .cpp each. Any other command NAME runs the program
// hsc-NAME installed beside this one, with the remaining arguments (as git does): the studies
// (hsc-classify, hsc-quantize, hsc-reservoir, ...) are programs of their own, so that the tool and
// the studies never include each other, and `hsc classify ...` keeps working for scripts.
#include "commands.hpp"

#include <hsc/config.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct command
{
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>&);
};

constexpr std::array<command, 6> commands{{
    {"bank", "design a kernel bank, write it as NPY and draw it", hsc::cli::run_bank},
    {"encode", "code an image with a bank (matching pursuit, orthogonal MP, ADMM, FISTA)", hsc::cli::run_encode},
    {"encode-dataset", "code every image of a folder or list into shard files (threads, shards, resume)",
     hsc::cli::run_encode_dataset},
    {"encode-patches", "code the rows of an NPY matrix over a dictionary (MP, Batch-OMP, lasso)",
     hsc::cli::run_encode_patches},
    {"learn", "learn a bank from images (online convolutional dictionary learning)", hsc::cli::run_learn},
    {"fit", "fit the Log-Gabor orientation and bandwidth to every atom of a bank (CSV)", hsc::cli::run_fit},
}};

/// The study programs reachable as `hsc NAME` (each is hsc-NAME beside this program).
constexpr std::array<command, 6> studies{{
    {"classify", "the Table-1 analogue: classifiers on Fashion-MNIST codes, pruned", nullptr},
    {"quantize", "the heterogeneous-quantization experiment on synthetic sensor data", nullptr},
    {"reservoir", "reservoirs with heterogeneous time constants on a task suite", nullptr},
    {"five-banks", "the five-bank experiment: learning, coding, pruning and kernel fits", nullptr},
    {"greedy-curves", "PSNR against nonzeros for MP and OMP with both banks", nullptr},
}};

void print_usage(std::FILE* out)
{
    std::fputs("usage: hsc <command> [options]\n\ncommands:\n", out);
    for (const auto& c : commands) std::fprintf(out, "  %-15s %s\n", c.name, c.summary);
    std::fputs("studies (programs hsc-NAME, run as hsc NAME):\n", out);
    for (const auto& c : studies) std::fprintf(out, "  %-15s %s\n", c.name, c.summary);
    std::fputs("\nhsc <command> --help shows a command's options; hsc --version its version.\n", out);
}

/// Replaces this process by hsc-NAME from this program's folder; returns only on failure.
int run_external(const std::string& name, char** argv)
{
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto folder = error ? std::filesystem::path(argv[0]).parent_path() : self.parent_path();
    const std::string program = (folder / ("hsc-" + name)).string();
    argv[1] = const_cast<char*>(program.c_str()); // argv[1] was NAME; the rest follows unchanged
    ::execv(program.c_str(), argv + 1);
    if (errno == ENOENT) {
        std::fprintf(stderr, "hsc: unknown command '%s' (hsc --help lists the commands)\n", name.c_str());
    } else {
        std::fprintf(stderr, "hsc: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    }
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        print_usage(args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("hsc %s\n", HSC_VERSION_STRING);
        return 0;
    }
    const auto* found =
        std::find_if(commands.begin(), commands.end(), [&](const command& c) { return args[0] == c.name; });
    if (found == commands.end()) return run_external(args[0], argv);
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        const int status = found->run(rest);
        // Progress and warnings go to stderr: if they could not be written, the run did not go as
        // the user saw it, and the exit status says so (there is nowhere left to say more).
        return status == 0 && (std::fflush(stderr) != 0 || std::ferror(stderr)) ? 1 : status;
    } catch (const hsc::cli::usage_error& e) {
        std::fprintf(stderr, "hsc: %s\n(see hsc %s --help)\n", e.message.c_str(), args[0].c_str());
        return 2;
    } catch (const hsc::error& e) {
        std::fprintf(stderr, "hsc: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hsc: unexpected error: %s\n", e.what());
        return 1;
    }
}
