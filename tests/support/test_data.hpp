#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hsc::testing {

/// Path of a file under tests/data (the directory is baked in by CMake).
inline std::string data_path(const std::string& name)
{
    return std::string(HSC_TEST_DATA_DIR) + "/" + name;
}

/// Every file of the fuzzers' seed corpus and regression corpus for `reader` (tests/fuzz/), for the
/// unit tests that replay them.
inline std::vector<std::string> fuzz_inputs(const std::string& reader)
{
    std::vector<std::string> files;
    for (const char* corpus : {"corpus", "regressions"}) {
        const std::filesystem::path folder = std::filesystem::path(HSC_TEST_DATA_DIR) / ".." / "fuzz" / corpus / reader;
        if (!std::filesystem::is_directory(folder)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(folder))
            if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
    return files;
}

} // namespace hsc::testing
