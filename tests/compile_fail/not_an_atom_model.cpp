// Must not compile: an atom model needs fill(n, theta, b_theta, phase, out).
#include <hsc/bank/oriented_bank.hpp>

struct not_an_atom_model
{
    void fill(double* out) const { *out = 0; }
};

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    hsc::oriented_bank<hsc::gabor> bank{};
#else
    hsc::oriented_bank<not_an_atom_model> bank{};
#endif
    return static_cast<int>(bank.atom_count());
}
