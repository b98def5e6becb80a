// Must not compile: a sparse input (a list of nonzeros) fed to a network whose first layer is a
// dense layer, which reads only dense inputs.
#include <hsc/nn/sequential.hpp>

#include <vector>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using network = hsc::nn::sequential<hsc::nn::sparse_input_conv2d<2, 4, 4, 3, 3>,
                                        hsc::nn::flatten<hsc::nn::shape<3, 2, 2>>, hsc::nn::dense<12, 2>>;
#else
    using network = hsc::nn::sequential<hsc::nn::flatten<hsc::nn::shape<2, 4, 4>>, hsc::nn::dense<32, 2>>;
#endif
    static network net;
    const std::vector<hsc::nn::sparse_entry<float>> nonzeros = {{5, 1.0f}};
    return static_cast<int>(net.predict(hsc::nn::sparse_input<float>(nonzeros)));
}
