// The tool's IMAGE arguments: frontend/image_file.hpp's reader, with a file of another type a usage
// error (exit 2) rather than a failure.
#pragma once

#include "command_line.hpp"
#include "image_file.hpp"

#include <string>

namespace hsc::cli {

inline xt::xtensor<float, 2> read_image(const std::string& path)
{
    if (!is_image_file(path)) throw usage_error{"IMAGE must be a " + image_file_types() + " file, got '" + path + "'"};
    return read_image_file(path);
}

} // namespace hsc::cli
