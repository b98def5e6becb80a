// Must not compile: channel dropout and global average pooling need (channels, height, width)
// maps; after a flatten there are no channels left.
#include <hsc/nn/sequential.hpp>

int main()
{
    namespace nn = hsc::nn;
#ifdef HSC_COMPILE_FAIL_CONTROL
    using drop = nn::channel_dropout<nn::shape<4, 3, 3>, 50>;
    using pool = nn::global_avg_pool<nn::shape<4, 3, 3>>;
#else
    using drop = nn::channel_dropout<nn::shape<36>, 50>;
    using pool = nn::global_avg_pool<nn::shape<36>>;
#endif
    drop d;
    pool p;
    return static_cast<int>(d.parameters.size() + p.parameters.size());
}
