// The PNG writer, read back by an independent decoder built on zlib: chunk layout and CRCs, the
// IHDR fields, and the scanlines inflated by zlib equal to the image, for the dependency-free
// stored blocks and for zlib's deflate (which must also be much smaller on a smooth image).
#include "hsc/io/png.hpp"
#include "hsc/io/zlib_deflate.hpp"

#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::uint32_t be32(const std::string& s, std::size_t at)
{
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
    return v;
}

struct decoded
{
    xt::xtensor<std::uint8_t, 2> image;
    std::size_t idat_bytes = 0;
};

/// Decodes an 8-bit grayscale, unfiltered PNG as write_png makes it; fails the test on any defect.
decoded decode(const std::string& png)
{
    BOOST_REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    std::size_t at = 8;
    std::uint32_t width = 0, height = 0;
    std::string idat;
    std::vector<std::string> types;
    while (at < png.size()) {
        BOOST_REQUIRE(at + 12 <= png.size());
        const std::uint32_t length = be32(png, at);
        const std::string type = png.substr(at + 4, 4);
        BOOST_REQUIRE(at + 12 + length <= png.size());
        const auto* typed = reinterpret_cast<const Bytef*>(png.data() + at + 4);
        BOOST_TEST(crc32(0, typed, 4 + length) == be32(png, at + 8 + length), "CRC of " << type);
        const std::string payload = png.substr(at + 8, length);
        if (type == "IHDR") {
            width = be32(payload, 0), height = be32(payload, 4);
            BOOST_TEST(payload.substr(8) ==
                       std::string("\x08\0\0\0\0", 5)); // 8-bit gray, deflate, no filter, no interlace
        }
        if (type == "IDAT") idat += payload;
        types.push_back(type);
        at += 12 + length;
    }
    BOOST_TEST((types == std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
    std::vector<unsigned char> raw(static_cast<std::size_t>(height) * (width + 1) + 1); // one spare byte: no more data
    uLongf raw_size = raw.size();
    BOOST_REQUIRE(uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) == Z_OK);
    BOOST_REQUIRE(raw_size == static_cast<std::size_t>(height) * (width + 1));
    decoded d{xt::xtensor<std::uint8_t, 2>({height, width}), idat.size()};
    for (std::uint32_t i = 0; i < height; ++i) {
        BOOST_TEST(raw[i * (width + 1)] == 0); // filter type 0
        for (std::uint32_t j = 0; j < width; ++j) d.image(i, j) = raw[i * (width + 1) + 1 + j];
    }
    return d;
}

/// A smooth ramp with some texture; `height` rows of `width` pixels.
xt::xtensor<std::uint8_t, 2> test_image(std::size_t height, std::size_t width)
{
    xt::xtensor<std::uint8_t, 2> image({height, width});
    for (std::size_t i = 0; i < height; ++i)
        for (std::size_t j = 0; j < width; ++j)
            image(i, j) = static_cast<std::uint8_t>((i + 2 * j + (i * j) % 7) % 256);
    return image;
}

template <class Deflate>
decoded round_trip(const xt::xtensor<std::uint8_t, 2>& image, const Deflate& deflate)
{
    std::ostringstream out;
    hsc::io::write_png(out, image, deflate);
    return decode(out.str());
}

} // namespace

BOOST_AUTO_TEST_SUITE(png)

BOOST_AUTO_TEST_CASE(stored_blocks_decode_to_the_image)
{
    // 300 x 300 makes more than one 64 KiB stored block.
    for (const auto& image : {test_image(300, 300), test_image(1, 1), test_image(3, 17)}) {
        const auto d = round_trip(image, hsc::io::stored_deflate{});
        BOOST_TEST((d.image == image));
    }
}

BOOST_AUTO_TEST_CASE(zlib_deflate_decodes_to_the_image_and_is_smaller)
{
    const auto image = test_image(300, 300);
    const auto stored = round_trip(image, hsc::io::stored_deflate{});
    const auto compressed = round_trip(image, hsc::io::zlib_deflate{});
    BOOST_TEST((compressed.image == image));
    BOOST_TEST(compressed.idat_bytes * 4 < stored.idat_bytes);
}

BOOST_AUTO_TEST_SUITE_END()
