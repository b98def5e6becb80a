// Must not compile: the code of an encoder of 4 atoms on 14×14 images, pooled to ON/OFF maps of
// shape (8, 14, 14), fed to a network that takes (8, 12, 12). The shapes come from the encoder's
// extents, so the mismatch is found from the encoder to the logits by the compiler.
#include <hsc/encoder/encoder.hpp>
#include <hsc/nn/code_features.hpp>
#include <hsc/nn/sequential.hpp>

int main()
{
#ifdef HSC_COMPILE_FAIL_CONTROL
    using extents = hsc::conv_extents<4, 3, 12, 12>;
#else
    using extents = hsc::conv_extents<4, 3, 14, 14>;
#endif
    using coder = hsc::encoder<float, hsc::solver::mp, extents>;
    using features = hsc::nn::on_off_pooling<coder::extents_type, 1>::output_shape;
    using network = hsc::nn::sequential<hsc::nn::conv2d<8, 12, 12, 4, 3>, hsc::nn::flatten<hsc::nn::shape<4, 10, 10>>,
                                        hsc::nn::dense<400, 10>>;
    return hsc::nn::accepts_input<features, network>::ok ? 0 : 1;
}
