// Must not compile: the branch of a residual block widens 4 channels to 6 while its shortcut is
// the identity, so the two outputs cannot be added. The error is raised in
// hsc::nn::residual_sum<…, shape<4, 5, 5>, shape<6, 5, 5>>, naming both shapes.
#include <hsc/nn/sequential.hpp>

int main()
{
    namespace nn = hsc::nn;
#ifdef HSC_COMPILE_FAIL_CONTROL
    using shortcut = nn::conv2d<4, 5, 5, 6, 1>; // a 1×1 projection to the branch's 6 channels
#else
    using shortcut = nn::identity<nn::shape<4, 5, 5>>;
#endif
    using block = nn::residual<shortcut, nn::same_conv2d<4, 5, 5, 6, 3>, nn::batch_norm<nn::shape<6, 5, 5>>>;
    using network = nn::sequential<block, nn::global_avg_pool<nn::shape<6, 5, 5>>, nn::dense<6, 2>>;
    network* net = nullptr;
    return net == nullptr ? 0 : static_cast<int>(network::parameter_count);
}
