// libFuzzer harness: any bytes through the Netpbm readers (PGM and PPM, plain and binary, 8 and 16
// bits). A malformed file must end in hsc::error; anything else is a finding.
#include "hsc/io/pgm.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    hsc::io::reader_limits().max_pixels = std::size_t{4} << 20; // a valid but huge image is not a finding
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        std::istringstream in(bytes);
        (void)hsc::io::read_pgm<float>(in, "fuzz.pgm");
    } catch (const hsc::error&) {
    }
    try {
        std::istringstream in(bytes);
        (void)hsc::io::read_ppm<double>(in, "fuzz.ppm");
    } catch (const hsc::error&) {
    }
    return 0;
}
