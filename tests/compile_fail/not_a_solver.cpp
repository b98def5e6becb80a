// Must not compile: the encoder host takes a solver policy (hsc::ConvSolver), not any type.
#include <hsc/encoder/encoder.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using solver = hsc::mp;
#else
    using solver = hsc::mp_options;
#endif
    hsc::encoder<float, solver>* encoder = nullptr;
    return encoder == nullptr ? 0 : 1;
}
