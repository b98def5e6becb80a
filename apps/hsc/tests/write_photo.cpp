// Test helper: writes a PPM image as PNG and as JPEG (stb_image_write), so that the tool's PNG and
// JPEG input is tested on data the test makes. Usage: hsc_write_photo IN.ppm OUT.png OUT.jpg
#include <hsc/io/pgm.hpp>

#include <stb/stb_image_write.h>

#include <cmath>
#include <cstdio>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: hsc_write_photo IN.ppm OUT.png OUT.jpg\n");
        return 2;
    }
    const auto rgb = hsc::io::read_ppm<float>(argv[1]);
    const int height = static_cast<int>(rgb.shape()[0]), width = static_cast<int>(rgb.shape()[1]);
    std::vector<unsigned char> bytes(rgb.size());
    for (std::size_t i = 0; i < rgb.size(); ++i) bytes[i] = static_cast<unsigned char>(std::lround(rgb.data()[i]));
    const bool png = stbi_write_png(argv[2], width, height, 3, bytes.data(), width * 3) != 0;
    const bool jpg = stbi_write_jpg(argv[3], width, height, 3, bytes.data(), 95) != 0;
    return png && jpg ? 0 : 1;
}
