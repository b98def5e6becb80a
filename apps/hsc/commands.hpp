// The commands of the hsc tool, one .cpp each, and what two of them share. Every command takes its
// arguments (after the command name), prints one JSON line per result on stdout, and reports misuse
// by throwing usage_error (exit 2) and failures through hsc::error (exit 1).
#pragma once

#include "arguments.hpp"
#include "json.hpp"

#include <hsc/bank/kernel_bank.hpp>

#include <string>
#include <vector>

namespace hsc::cli {

int run_bank(const std::vector<std::string>& args);
int run_encode(const std::vector<std::string>& args);
int run_encode_patches(const std::vector<std::string>& args);
int run_fit(const std::vector<std::string>& args);
int run_learn(const std::vector<std::string>& args);

/// The bank `hsc bank --kind` and `hsc encode --bank` build from the same options (--size,
/// --thetas, --btheta, --normalize, --count, --seed); `option` names the option that gave `kind`.
kernel_bank<float> make_bank(const arguments& a, const std::string& kind, const std::string& option);

} // namespace hsc::cli
