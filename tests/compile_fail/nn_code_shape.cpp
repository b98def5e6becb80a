// Must not compile: an encoder's code of shape (8, 14, 14) fed to a network that takes (8, 12, 12).
#include <hsc/nn/sequential.hpp>

int main()
{
    using network = hsc::nn::sequential<hsc::nn::conv2d<8, 12, 12, 4, 3>, hsc::nn::flatten<hsc::nn::shape<4, 10, 10>>,
                                        hsc::nn::dense<400, 10>>;
#ifdef HSC_COMPILE_FAIL_CONTROL
    using code = hsc::nn::shape<8, 12, 12>;
#else
    using code = hsc::nn::shape<8, 14, 14>;
#endif
    return hsc::nn::accepts_input<code, network>::ok ? 0 : 1;
}
