// libFuzzer harness: any bytes through the IDX reader (gzip-compressed or plain, as zlib's gz*
// functions read both). The reader takes a path, so the bytes go into an in-memory file reached
// through /proc/self/fd. A malformed file must end in hsc::error; anything else is a finding.
#include "hsc/io/idx.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    hsc::io::reader_limits().max_bytes = std::size_t{64} << 20; // a valid but huge file is not a finding
    static const int fd = memfd_create("idx", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
    try {
        (void)hsc::io::read_idx("/proc/self/fd/" + std::to_string(fd));
    } catch (const hsc::error&) {
    }
    return 0;
}
