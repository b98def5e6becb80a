#pragma once

#include <string>

namespace hsc::testing {

/// Path of a file under tests/data (the directory is baked in by CMake).
inline std::string data_path(const std::string& name)
{
    return std::string(HSC_TEST_DATA_DIR) + "/" + name;
}

} // namespace hsc::testing
