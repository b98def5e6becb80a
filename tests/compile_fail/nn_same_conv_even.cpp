// Must not compile: a 2×2 kernel cannot keep height and width with the same padding on both
// sides; same_conv2d says so.
#include <hsc/nn/layers.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    hsc::nn::same_conv2d<3, 7, 7, 8, 3> conv;
#else
    hsc::nn::same_conv2d<3, 7, 7, 8, 2> conv;
#endif
    return static_cast<int>(conv.parameters.size()) > 0 ? 0 : 1;
}
