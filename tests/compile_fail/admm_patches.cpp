// Must not compile: ADMM has no patch engine (the patch lasso is FISTA's), and the host says so.
#include <hsc/encoder/encoder.hpp>
#include <hsc/solver/admm.hpp>
#include <hsc/solver/fista.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using solver = hsc::solver::fista;
#else
    using solver = hsc::solver::admm;
#endif
    return sizeof(hsc::encoder<float, solver, hsc::patch_extents<16, 8>>) > 0 ? 0 : 1;
}
