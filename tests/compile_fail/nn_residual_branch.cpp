// Must not compile: inside a residual block's branch, a batch norm over 4 channels follows a
// convolution that gives 6. The branch is checked like a network: the error is raised in
// hsc::nn::connection<0, shape<6, 5, 5>, shape<4, 5, 5>>.
#include <hsc/nn/sequential.hpp>

int main()
{
    namespace nn = hsc::nn;
#ifdef HSC_COMPILE_FAIL_CONTROL
    using norm = nn::batch_norm<nn::shape<6, 5, 5>>;
#else
    using norm = nn::batch_norm<nn::shape<4, 5, 5>>;
#endif
    using block = nn::residual<nn::conv2d<4, 5, 5, 6, 1>, nn::same_conv2d<4, 5, 5, 6, 3>, norm>;
    return static_cast<int>(block::parameter_count) > 0 ? 0 : 1;
}
