// Must not compile: the encoder host takes a solver policy (hsc::Solver), not any type.
#include <hsc/encoder/encoder.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using solver = hsc::solver::mp;
#else
    using solver = hsc::solver::mp_options;
#endif
    return sizeof(hsc::encoder<float, solver>) > 0 ? 0 : 1;
}
