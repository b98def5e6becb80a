// The hsc command-line tool: a thin layer that parses, calls the library and prints JSON.
#include "bank_command.hpp"
#if HSC_CLI_CLASSIFY
#include "classify_command.hpp"
#endif
#include "encode_command.hpp"
#include "encode_patches_command.hpp"
#include "fit_command.hpp"
#include "learn_command.hpp"
#include "quantize_command.hpp"
#include "reservoir_command.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

const char* usage = "usage: hsc <command> [options]\n"
                    "\n"
                    "commands:\n"
                    "  bank     design a kernel bank, write it as NPY and draw it\n"
                    "  encode   code an image with a bank (matching pursuit, orthogonal MP, ADMM, FISTA)\n"
                    "  encode-patches  code the rows of an NPY matrix over a dictionary (MP, Batch-OMP, lasso)\n"
                    "  learn    learn a bank from images (online convolutional dictionary learning)\n"
                    "  fit      fit the Log-Gabor orientation and bandwidth to every atom of a bank (CSV)\n"
                    "  classify  the Table-1 analogue: classifiers on Fashion-MNIST codes, pruned\n"
                    "  quantize  the heterogeneous-quantization experiment on synthetic sensor data\n"
                    "  reservoir  reservoirs with heterogeneous time constants on a task suite\n"
                    "\n"
                    "hsc <command> --help shows a command's options; hsc --version its version.\n";

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(usage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("hsc %s\n", HSC_VERSION_STRING);
        return 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "bank") return hsc::cli::run_bank(rest);
        if (args[0] == "encode") return hsc::cli::run_encode(rest);
        if (args[0] == "encode-patches") return hsc::cli::run_encode_patches(rest);
        if (args[0] == "fit") return hsc::cli::run_fit(rest);
        if (args[0] == "learn") return hsc::cli::run_learn(rest);
#if HSC_CLI_CLASSIFY
        if (args[0] == "classify") return hsc::cli::run_classify(rest);
#else
        if (args[0] == "classify") throw hsc::cli::usage_error{"this hsc was built without zlib: no classify"};
#endif
        if (args[0] == "quantize") return hsc::cli::run_quantize(rest);
        if (args[0] == "reservoir") return hsc::cli::run_reservoir(rest);
        throw hsc::cli::usage_error{"unknown command '" + args[0] + "'"};
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
