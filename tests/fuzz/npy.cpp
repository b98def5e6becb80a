// libFuzzer harness: any bytes through the NPY reader, at every rank and both scalar types. A
// malformed file must end in hsc::error; anything else (a crash, a sanitizer report, another
// exception, an allocation beyond -rss_limit_mb) is a finding.
#include "hsc/io/npy.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

template <class T, std::size_t Rank>
static void read_as(const std::string& bytes)
{
    std::istringstream in(bytes);
    try {
        (void)hsc::io::read_npy<T, Rank>(in, "fuzz.npy");
    } catch (const hsc::error&) {
    }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    hsc::io::reader_limits().max_bytes = std::size_t{64} << 20; // a valid but huge shape is not a finding
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    read_as<float, 1>(bytes);
    read_as<float, 2>(bytes);
    read_as<double, 3>(bytes);
    return 0;
}
