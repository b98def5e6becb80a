// Must not compile: a bank's B_θ policy has to satisfy hsc::Distribution.
#include <hsc/bank/oriented_bank.hpp>

struct not_a_distribution
{
    double value = 1; // no fill(std::span<double>)
};

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    hsc::oriented_bank<hsc::log_gabor, hsc::distribution::homogeneous> bank{};
#else
    hsc::oriented_bank<hsc::log_gabor, not_a_distribution> bank{};
#endif
    return static_cast<int>(bank.atom_count());
}
