// Must not compile: layer 2 expects 64 inputs but layer 1 gives 128. The error is raised in
// hsc::nn::connection<1, hsc::nn::shape<128>, hsc::nn::shape<64>>, naming the index and shapes.
#include <hsc/nn/sequential.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using last = hsc::nn::dense<128, 10>;
#else
    using last = hsc::nn::dense<64, 10>;
#endif
    using network = hsc::nn::sequential<hsc::nn::dense<784, 128>, hsc::nn::relu<hsc::nn::shape<128>>, last>;
    network* net = nullptr;
    return net == nullptr ? 0 : static_cast<int>(network::parameter_count);
}
