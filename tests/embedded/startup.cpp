// Reset for the Cortex-M7 firmware: the vector table, .data copied from flash, .bss zeroed, the
// FPU enabled, the stack painted (to measure its peak), static constructors, main, exit.
#include <cstdint>
#include <cstring>

extern "C" {
extern std::uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_limit, __stack_top;
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();
void _exit(int status);
[[noreturn]] void reset_handler();
[[noreturn]] void fault_handler();
}

// What static destructors registered with __cxa_atexit are keyed by (there is one module).
extern "C" {
void* __dso_handle = nullptr;
}

constexpr std::uint32_t paint = 0xC0DEC0DE;

/// The deepest the stack went: the first word from its limit that is no longer paint.
extern "C" std::uint32_t stack_peak_bytes()
{
    const std::uint32_t* word = &__stack_limit;
    while (word < &__stack_top && *word == paint) ++word;
    return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&__stack_top) -
                                      reinterpret_cast<std::uintptr_t>(word));
}

extern "C" void reset_handler()
{
    std::memcpy(
        &__data_start, &__data_load,
        static_cast<std::size_t>(reinterpret_cast<char*>(&__data_end) - reinterpret_cast<char*>(&__data_start)));
    std::memset(&__bss_start, 0,
                static_cast<std::size_t>(reinterpret_cast<char*>(&__bss_end) - reinterpret_cast<char*>(&__bss_start)));
    // CP10 and CP11 full access (CPACR): the hard-float code needs the FPU on.
    *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88) |= 0xFu << 20;
    asm volatile("dsb\n isb" ::: "memory");
    // Paint the stack below the current frame (256 bytes spared for this function).
    std::uint32_t* here;
    asm volatile("mov %0, sp" : "=r"(here));
    for (std::uint32_t* word = &__stack_limit; word < here - 64; ++word) *word = paint;
    for (auto init = __init_array_start; init != __init_array_end; ++init) (*init)();
    _exit(main());
    for (;;) {
    }
}

extern "C" void fault_handler()
{
    _exit(2);
    for (;;) {
    }
}

// Initial stack pointer, then reset, NMI, hard fault, memory, bus and usage faults.
__attribute__((section(".vectors"), used)) void* const vectors[] = {
    &__stack_top,
    reinterpret_cast<void*>(&reset_handler),
    reinterpret_cast<void*>(&fault_handler),
    reinterpret_cast<void*>(&fault_handler),
    reinterpret_cast<void*>(&fault_handler),
    reinterpret_cast<void*>(&fault_handler),
    reinterpret_cast<void*>(&fault_handler),
};
