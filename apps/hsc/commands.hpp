// The commands of the hsc tool, one .cpp each, and what two of them share. Every command takes its
// arguments (after the command name), declares its options on a CLI::App, prints one JSON line per
// result on stdout, and reports misuse by throwing usage_error (exit 2) and failures through
// hsc::error (exit 1).
#pragma once

#include "command_line.hpp"
#include "json.hpp"

#include <hsc/bank/kernel_bank.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hsc::cli {

int run_bank(const std::vector<std::string>& args);
int run_encode(const std::vector<std::string>& args);
int run_encode_dataset(const std::vector<std::string>& args);
int run_encode_patches(const std::vector<std::string>& args);
int run_fit(const std::vector<std::string>& args);
int run_learn(const std::vector<std::string>& args);

inline const std::vector<std::string> bank_kinds{"heterogeneous", "homogeneous", "random", "gabor"};

/// The options that describe a bank, shared by `hsc bank --kind KIND` and `hsc encode --bank KIND`.
/// Unset options take the kind's defaults.
struct bank_options
{
    std::size_t size = 12;
    std::optional<std::size_t> thetas;
    std::optional<std::string> btheta;
    std::optional<std::string> normalize;
    std::optional<std::size_t> count;
    std::optional<std::size_t> seed;

    /// Declares --size, --thetas, --btheta, --normalize, --count and --seed; `kind_option` is the
    /// option that names the kind, for the help.
    void add_to(CLI::App& app, const std::string& kind_option);

    /// The bank of `kind`; an option that does not apply to it is a usage error naming `option`.
    kernel_bank<float> build(const std::string& kind, const std::string& option) const;
};

/// The bank a coding command codes with: --bank KIND (with bank_options) or --bank-file FILE.npy,
/// shared by `hsc encode` and `hsc encode-dataset`.
struct bank_choice
{
    std::optional<std::string> kind, file;
    bank_options options;

    /// Declares --bank, --bank-file and the bank options.
    void add_to(CLI::App& app);
    /// A usage error unless exactly one of --bank and --bank-file was given: checked before the work.
    void check() const;
    kernel_bank<float> build() const;
};

} // namespace hsc::cli
