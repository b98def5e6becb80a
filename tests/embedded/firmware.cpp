// A bare-metal Cortex-M7 program (qemu-system-arm -M mps2-an500, semihosting): codes 8×8 patches
// with a fixed-size OMP over 64 atoms and classifies the codes with a fixed-size network, as
// tests/embedded/workload.hpp says, then compares every output with the values the build machine
// computed with the same headers (expected.hpp, generated) and prints "N passed, N failed", the
// peak stack and the time per patch. No heap once main starts: from then on _sbrk ends the run with
// a failure, so a malloc anywhere is caught. Before main, libstdc++'s <iostream> initialisation
// (which xtensor's configuration header includes) allocates its locale from a small static arena,
// and the firmware reports how much. Built with -fno-exceptions -fno-rtti.
#include "expected.hpp"
#include "workload.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace semihosting {
// ARM semihosting: an operation number in r0, its argument block in r1, then bkpt 0xAB.
inline int call(int operation, const void* argument) noexcept
{
    register int r0 asm("r0") = operation;
    register const void* r1 asm("r1") = argument;
    asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
inline void write(const char* text) noexcept
{
    call(0x04, text);
} // SYS_WRITE0
[[noreturn]] inline void exit(bool success) noexcept
{
    // SYS_EXIT with ADS_Stopped_ApplicationExit (0x20026) and, in the extended form, the status.
    const std::uint32_t block[2] = {0x20026, success ? 0u : 1u};
    call(0x20, block);                                  // SYS_EXIT_EXTENDED
    call(0x18, reinterpret_cast<const void*>(0x20026)); // SYS_EXIT, for hosts without the extension
    for (;;) {
    }
}
inline std::uint32_t clock_centiseconds() noexcept
{
    return static_cast<std::uint32_t>(call(0x10, nullptr));
} // SYS_CLOCK
} // namespace semihosting

namespace heap {
bool forbidden = false;                // set when main starts
alignas(8) unsigned char arena[16384]; // what static initialisation may take
std::size_t used = 0;
} // namespace heap

extern "C" {
void* _sbrk(int increment) noexcept
{
    const auto size = static_cast<std::size_t>(increment);
    if (heap::forbidden || increment < 0 || size > sizeof heap::arena - heap::used) {
        semihosting::write(heap::forbidden ? "FAILED: the heap was used after main started (_sbrk)\n"
                                           : "FAILED: static initialisation needs more than the arena\n");
        semihosting::exit(false);
    }
    void* block = heap::arena + heap::used;
    heap::used += size;
    return block;
}
// What newlib's stdio and abort reach; hsc's error handler writes through fprintf(stderr).
int _write(int, const char* data, int size) noexcept
{
    char buffer[81];
    for (int done = 0; done < size;) {
        const int n = size - done < 80 ? size - done : 80;
        std::memcpy(buffer, data + done, static_cast<std::size_t>(n));
        buffer[n] = 0;
        semihosting::write(buffer);
        done += n;
    }
    return size;
}
void _exit(int status) noexcept
{
    semihosting::exit(status == 0);
}
int _close(int) noexcept
{
    return -1;
}
int _fstat(int, void*) noexcept
{
    return -1;
}
int _isatty(int) noexcept
{
    return 1;
}
int _lseek(int, int, int) noexcept
{
    return -1;
}
int _read(int, char*, int) noexcept
{
    return 0;
}
int _kill(int, int) noexcept
{
    return -1;
}
int _getpid() noexcept
{
    return 1;
}
}

namespace {

int passed = 0, failed = 0;
char line[160];

void check(bool ok, const char* what, std::size_t patch)
{
    ++(ok ? passed : failed);
    if (!ok) {
        std::snprintf(line, sizeof line, "FAILED: patch %u: %s\n", static_cast<unsigned>(patch), what);
        semihosting::write(line);
    }
}

bool close(float a, float b) noexcept
{
    return std::fabs(a - b) <= 1e-4f * (1 + std::fabs(b));
}

std::array<float, workload::atoms * workload::length> dictionary;
workload::network net;

} // namespace

extern "C" std::uint32_t stack_peak_bytes();

int main()
{
    heap::forbidden = true;
    workload::make_dictionary(dictionary);
    workload::make_network(net);
    static workload::coder omp(dictionary, hsc::solver::omp{.options = {.max_atoms = workload::support}});
    const std::uint32_t start = semihosting::clock_centiseconds();
    constexpr int rounds = 20; // for a measurable time
    for (int round = 0; round < rounds; ++round) {
        for (std::size_t p = 0; p < workload::patches; ++p) {
            const auto got = workload::run(omp, net, dictionary, p);
            if (round > 0) continue;
            const auto& want = expected::patches[p];
            check(got.selections == want.selections, "support size", p);
            bool same_code = true;
            for (std::size_t k = 0; k < workload::atoms; ++k)
                same_code = same_code && (got.code[k] == 0) == (want.code[k] == 0) && close(got.code[k], want.code[k]);
            check(same_code, "code (support and values)", p);
            bool same_logits = true;
            for (std::size_t c = 0; c < workload::classes; ++c)
                same_logits = same_logits && close(got.logits[c], want.logits[c]);
            check(same_logits, "logits", p);
            check(got.label == want.label, "class", p);
        }
    }
    const std::uint32_t elapsed = semihosting::clock_centiseconds() - start;
    std::snprintf(line, sizeof line, "%u patches in %u0 ms of emulated time\n",
                  static_cast<unsigned>(rounds * workload::patches), static_cast<unsigned>(elapsed));
    semihosting::write(line);
    std::snprintf(line, sizeof line, "peak stack %u bytes; heap taken before main (libstdc++ <iostream>) %u bytes\n",
                  static_cast<unsigned>(stack_peak_bytes()), static_cast<unsigned>(heap::used));
    semihosting::write(line);
    std::snprintf(line, sizeof line, "%d passed, %d failed\n", passed, failed);
    semihosting::write(line);
    return failed == 0 && passed > 0 ? 0 : 1;
}
