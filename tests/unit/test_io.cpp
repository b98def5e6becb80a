#include "hsc/bank/oriented_bank.hpp"
#include "hsc/io/cifar10.hpp"
#include "hsc/io/montage.hpp"
#include "hsc/io/npy.hpp"
#include "hsc/io/npz.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/preprocess/grayscale.hpp"
#include "support/check_error.hpp"
#include "support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string npy_bytes(const std::string& dict, const std::string& payload)
{
    std::string header = dict;
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string out = std::string("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + payload;
}

template <class T, std::size_t R>
xt::xtensor<T, R> read_npy_string(const std::string& bytes)
{
    std::istringstream in(bytes);
    return hsc::io::read_npy<T, R>(in, "test.npy");
}

xt::xtensor<float, 2> read_pgm_string(const std::string& bytes)
{
    std::istringstream in(bytes);
    return hsc::io::read_pgm<float>(in, "test.pgm");
}

} // namespace

BOOST_AUTO_TEST_SUITE(io)

BOOST_AUTO_TEST_CASE(npy_round_trips_float_and_double)
{
    xt::xtensor<float, 3> a({2, 3, 4});
    for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(i) * 0.5f - 3;
    std::stringstream s1;
    hsc::io::write_npy(s1, a);
    BOOST_TEST((hsc::io::read_npy<float, 3>(s1) == a));

    auto b = xt::xtensor<double, 1>::from_shape({5});
    for (std::size_t i = 0; i < 5; ++i) b(i) = 1.0 / static_cast<double>(i + 1);
    std::stringstream s2;
    hsc::io::write_npy(s2, b);
    BOOST_TEST(s2.str().size() % 64 == 40u % 64); // header padded to 64 bytes, then 5 doubles
    BOOST_TEST((hsc::io::read_npy<double, 1>(s2) == b));
}

BOOST_AUTO_TEST_CASE(npy_reads_numpy_files_other_byte_order_and_fortran_order)
{
    const auto banks = hsc::io::read_npy<float, 4>(hsc::testing::data_path("reference_banks.npy"));
    BOOST_TEST(banks.shape()[0] == 2u);
    BOOST_TEST(banks.shape()[1] == 144u);
    BOOST_TEST(banks(0, 0, 6, 6) == 1.0f);

    // 1.0 and 2.0 as big-endian float32.
    const std::string big = npy_bytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                                      std::string("\x3f\x80\x00\x00\x40\x00\x00\x00", 8));
    const auto v = read_npy_string<double, 1>(big);
    BOOST_TEST(v(0) == 1.0);
    BOOST_TEST(v(1) == 2.0);

    // Fortran order: memory holds columns. [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
    std::string payload;
    for (float x : {1.f, 4.f, 2.f, 5.f, 3.f, 6.f}) payload.append(reinterpret_cast<const char*>(&x), 4);
    const auto f =
        read_npy_string<float, 2>(npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", payload));
    BOOST_TEST(f(0, 2) == 3.0f);
    BOOST_TEST(f(1, 0) == 4.0f);
}

BOOST_AUTO_TEST_CASE(npy_malformed_files_say_what_is_wrong)
{
    const std::string four_floats(16, '\0');
    HSC_CHECK_ERROR((read_npy_string<float, 1>("PK\x03\x04 not numpy")), "magic");
    HSC_CHECK_ERROR((read_npy_string<float, 1>(
                        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (8,), }", four_floats))),
                    "truncated");
    HSC_CHECK_ERROR((read_npy_string<float, 2>(
                        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", four_floats))),
                    "rank 2");
    HSC_CHECK_ERROR((read_npy_string<float, 1>(
                        npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", four_floats))),
                    "'<c8' is not supported");
    HSC_CHECK_ERROR((read_npy_string<float, 1>(
                        npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", four_floats))),
                    "holds integers where floating-point values were expected");
    HSC_CHECK_ERROR(
        (read_npy_string<float, 2>(npy_bytes(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000000, 4000000000000), }", four_floats))),
        "larger than the reader's limit");
    // Zero-size arrays too: xtensor computes strides from every dimension.
    HSC_CHECK_ERROR((read_npy_string<float, 3>(npy_bytes(
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1000000000000000000, 2), }", ""))),
                    "larger than the reader's limit");
    HSC_CHECK_ERROR((read_npy_string<float, 3>(npy_bytes(
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 9999999999999999999, 2), }", ""))),
                    "malformed dimension");
    // A version-2 header declaring 4 GiB in a 12-byte file: refused before anything is allocated.
    HSC_CHECK_ERROR((read_npy_string<float, 1>(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12))),
                    "header length 4294967295 is larger than any NPY header");
    HSC_CHECK_ERROR((read_npy_string<float, 1>(std::string("\x93NUMPY\x01\x00\x00\x10{'descr'", 18))),
                    "truncated header: it declares 4096 bytes, the file has 8");
    // float64 values that do not fit in float32 are refused, not turned into inf.
    std::string huge(8, '\0');
    const double big = 1e300;
    std::memcpy(huge.data(), &big, 8);
    HSC_CHECK_ERROR(
        (read_npy_string<float, 1>(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", huge))),
        "does not fit in float32");
    BOOST_TEST((read_npy_string<double, 1>(
                    npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", huge))(0) == 1e300));
    HSC_CHECK_ERROR((read_npy_string<float, 1>(npy_bytes("{'descr': '<f4', 'shape': (4,), }", four_floats))),
                    "fortran_order");
    BOOST_CHECK_EXCEPTION((hsc::io::read_npy<float, 1>("/nonexistent/x.npy")), hsc::error,
                          [](const hsc::error& e) { return e.code() == hsc::errc::io; });
}

BOOST_AUTO_TEST_CASE(pgm_reads_the_bundled_images)
{
    const auto image = hsc::io::read_pgm<double>(hsc::testing::data_path("natural/astronaut.pgm"));
    BOOST_TEST(image.shape()[0] == 256u);
    BOOST_TEST(image.shape()[1] == 256u);
    const auto [low, high] = std::minmax_element(image.begin(), image.end());
    BOOST_TEST(*low >= 0.0);
    BOOST_TEST(*high <= 255.0);
    BOOST_TEST(*high > *low + 100);
}

BOOST_AUTO_TEST_CASE(pgm_plain_binary_and_16_bit)
{
    xt::xtensor<std::uint8_t, 2> img({2, 3});
    for (std::size_t i = 0; i < 6; ++i) img.data()[i] = static_cast<std::uint8_t>(40 * i);
    for (auto format : {hsc::io::pgm_format::binary, hsc::io::pgm_format::plain}) {
        std::stringstream s;
        hsc::io::write_pgm(s, img, format);
        const auto back = hsc::io::read_pgm<float>(s);
        BOOST_TEST(back.shape()[0] == 2u);
        for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(back.data()[i] == static_cast<float>(img.data()[i]));
    }
    const auto comments = read_pgm_string("P2 # a comment\n2 1\n# another\n1000\n999 7\n");
    BOOST_TEST(comments(0, 0) == 999.0f);
    const auto wide = read_pgm_string(std::string("P5 1 1 65535\n\x01\x02", 15));
    BOOST_TEST(wide(0, 0) == 258.0f); // big-endian 16-bit sample
}

BOOST_AUTO_TEST_CASE(pgm_malformed_files_say_what_is_wrong)
{
    HSC_CHECK_ERROR(read_pgm_string("P6 1 1 255\nabc"), "magic");
    HSC_CHECK_ERROR(read_pgm_string("P5 4 4 255\nabc"), "truncated");
    HSC_CHECK_ERROR(read_pgm_string("P2 2 1 10\n3 11\n"), "above maxval");
    HSC_CHECK_ERROR(read_pgm_string("P2 0 4 255\n"), "empty image");
    HSC_CHECK_ERROR(read_pgm_string("P2 2 1 255\n3 x\n"), "pixel value");
    HSC_CHECK_ERROR(read_pgm_string("P5 2 2 70000\n"), "maxval");
    HSC_CHECK_ERROR(read_pgm_string("P5 100000 100000 255\n"), "more than the reader's limit");
    HSC_CHECK_ERROR(read_pgm_string("P5 10000000 1 255"), "truncated pixel data"); // at end of file, no allocation
    HSC_CHECK_ERROR(read_pgm_string("P5 16000 16000 255\n"), "truncated pixel data");
    BOOST_CHECK_EXCEPTION(hsc::io::read_pgm<float>("/nonexistent/x.pgm"), hsc::error,
                          [](const hsc::error& e) { return e.code() == hsc::errc::io; });
}

BOOST_AUTO_TEST_CASE(ppm_plain_and_binary_colour)
{
    std::istringstream plain("P3 2 1 255\n255 0 0  0 128 255\n");
    const auto a = hsc::io::read_ppm<float>(plain);
    BOOST_TEST((a.shape() == std::array<std::size_t, 3>{1, 2, 3}));
    BOOST_TEST(a(0, 0, 0) == 255.0f);
    BOOST_TEST(a(0, 1, 1) == 128.0f);
    BOOST_TEST(a(0, 1, 2) == 255.0f);
    std::istringstream binary(std::string("P6 1 2 255\n\x01\x02\x03\x04\x05\x06", 17));
    const auto b = hsc::io::read_ppm<double>(binary);
    BOOST_TEST((b.shape() == std::array<std::size_t, 3>{2, 1, 3}));
    BOOST_TEST(b(1, 0, 2) == 6.0);
    std::istringstream gray("P5 1 1 255\nx");
    HSC_CHECK_ERROR(hsc::io::read_ppm<float>(gray), "not a PPM image (expected magic P3 or P6)");
    std::istringstream short_raster("P6 2 2 255\nabcdef");
    HSC_CHECK_ERROR(hsc::io::read_ppm<float>(short_raster), "truncated");
    HSC_CHECK_ERROR(hsc::io::read_ppm<float>("/nonexistent/x.ppm"), "cannot open /nonexistent/x.ppm");
}

BOOST_AUTO_TEST_CASE(fuzz_corpora_replay)
{
    // Every seed and every input that ever made a reader fail (tests/fuzz/): a value or hsc::error.
    std::size_t files = 0;
    for (const auto& path : hsc::testing::fuzz_inputs("npy")) {
        ++files;
        try {
            (void)hsc::io::read_npy<float, 2>(path);
        } catch (const hsc::error&) {
        }
    }
    for (const auto& path : hsc::testing::fuzz_inputs("pgm")) {
        ++files;
        try {
            (void)hsc::io::read_pgm<float>(path);
        } catch (const hsc::error&) {
        }
        try {
            (void)hsc::io::read_ppm<float>(path);
        } catch (const hsc::error&) {
        }
    }
    BOOST_TEST(files >= 10u); // the seed corpora are there
}

BOOST_AUTO_TEST_CASE(montage_lays_out_atoms_with_zero_at_mid_gray)
{
    const auto bank = hsc::heterogeneous_bank<float>();
    const auto image = hsc::io::montage(bank, {.columns = 12, .zoom = 2, .border = 1});
    BOOST_TEST(image.shape()[0] == 12u * (12 * 2 + 1) + 1);
    BOOST_TEST(image.shape()[1] == 12u * (12 * 2 + 1) + 1);
    BOOST_TEST(image(0, 0) == 255); // border
    // Atom 0 peaks (value 1) at pixel (6, 6): zoomed and offset by the border.
    BOOST_TEST(image(1 + 12, 1 + 12) == 255);
    const auto gray = hsc::io::to_gray8(xt::xtensor<double, 2>({{-1.0, 0.0, 1.0}}));
    BOOST_TEST(gray(0, 0) == 0);
    BOOST_TEST(gray(0, 1) == 128);
    BOOST_TEST(gray(0, 2) == 255);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(npy_integers_round_trip_and_refuse_what_does_not_fit)
{
    xt::xtensor<std::int64_t, 1> big = {-5, 0, 3000000000LL};
    std::ostringstream out;
    hsc::io::write_npy(out, big);
    BOOST_TEST(out.str().find("'descr': '<i8'") != std::string::npos);
    BOOST_TEST((read_npy_string<std::int64_t, 1>(out.str()) == big));
    // 3e9 does not fit in int32, nor -5 in an unsigned type: named, never wrapped.
    HSC_CHECK_ERROR((read_npy_string<std::int32_t, 1>(out.str())), "does not fit in the 32-bit integers");
    HSC_CHECK_ERROR((read_npy_string<std::uint64_t, 1>(out.str())), "value -5 at index 0 does not fit");
    HSC_CHECK_ERROR((read_npy_string<double, 1>(out.str())), "holds integers");
    // One-byte types carry the byte order '|', as numpy writes them; a big-endian uint16 is swapped.
    xt::xtensor<std::uint8_t, 2> bytes = {{1, 2}, {255, 0}};
    std::ostringstream small;
    hsc::io::write_npy(small, bytes);
    BOOST_TEST(small.str().find("'descr': '|u1'") != std::string::npos);
    BOOST_TEST((read_npy_string<std::uint8_t, 2>(small.str()) == bytes));
    const auto swapped = read_npy_string<std::uint16_t, 1>(
        npy_bytes("{'descr': '>u2', 'fortran_order': False, 'shape': (2,), }", std::string("\x01\x02\x00\x07", 4)));
    BOOST_TEST(swapped(0) == 0x0102u);
    BOOST_TEST(swapped(1) == 0x0007u);
}

BOOST_AUTO_TEST_CASE(npz_archives_round_trip_byte_for_byte)
{
    // CRC-32 of "123456789" is the standard check value.
    BOOST_TEST(hsc::io::detail::crc32("123456789") == 0xCBF43926u);
    hsc::io::npz_writer writer;
    const xt::xtensor<float, 2> values = {{1.5f, -2.f}, {0.f, 3.25f}};
    const xt::xtensor<std::uint32_t, 1> ids = {7, 9, 11};
    writer.add("values", values);
    writer.add("ids", ids);
    writer.add_bytes("note.txt", "hello");
    const std::string archive = writer.finish();
    BOOST_TEST(archive == writer.finish()); // no clock, no randomness: the same bytes every time
    const hsc::io::npz_reader reader(archive, "test.npz");
    BOOST_TEST((reader.array<float, 2>("values") == values));
    BOOST_TEST((reader.array<std::uint32_t, 1>("ids") == ids));
    BOOST_TEST(reader.bytes("note.txt") == "hello");
    BOOST_TEST(reader.names().size() == 3u);
    HSC_CHECK_ERROR((reader.array<float, 1>("missing")), "has no member 'missing.npy'");
}

BOOST_AUTO_TEST_CASE(npz_lying_archives_fail_with_their_defect)
{
    hsc::io::npz_writer writer;
    writer.add("ids", xt::xtensor<std::uint32_t, 1>{1, 2, 3});
    const std::string good = writer.finish();
    HSC_CHECK_ERROR(hsc::io::npz_reader("not a zip at all, just text", "t.npz"), "not a ZIP archive");
    HSC_CHECK_ERROR(hsc::io::npz_reader(good.substr(0, good.size() - 30), "t.npz"), "not a ZIP archive");
    std::string flipped = good;
    flipped[60] = static_cast<char>(flipped[60] ^ 0x40); // a byte of the member's data
    HSC_CHECK_ERROR(hsc::io::npz_reader(flipped, "t.npz"), "CRC-32 mismatch");
    // The central directory's size field says 2^32 - 1 bytes.
    std::string huge = good;
    for (std::size_t i = 0; i < 4; ++i) huge[huge.size() - 10 + i] = '\xff';
    HSC_CHECK_ERROR(hsc::io::npz_reader(huge, "t.npz"), "central directory out of the file");
    std::string compressed = good;
    const std::size_t directory = good.find("PK\x01\x02");
    compressed[directory + 10] = 8; // deflate
    HSC_CHECK_ERROR(hsc::io::npz_reader(compressed, "t.npz"), "np.savez_compressed");
    HSC_CHECK_ERROR(hsc::io::npz_reader("/nonexistent/x.npz"), "cannot open /nonexistent/x.npz");
}

namespace {

/// `count` CIFAR-10 records: label (i + first) % 10 (or `bad_label` for record `bad_at`), pixel p
/// of plane c = (i·7 + c·3 + p) % 256.
std::string cifar10_bytes(std::size_t count, std::size_t first = 0, std::size_t bad_at = SIZE_MAX,
                          unsigned char bad_label = 0)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += static_cast<char>(i == bad_at ? bad_label : (i + first) % 10);
        for (std::size_t c = 0; c < 3; ++c)
            for (std::size_t p = 0; p < 1024; ++p) out += static_cast<char>((i * 7 + c * 3 + p) % 256);
    }
    return out;
}

/// A stream that cannot seek (as a pipe): readers cannot know its size in advance.
struct unseekable : std::stringbuf
{
    explicit unseekable(const std::string& bytes) : std::stringbuf(bytes) {}
    pos_type seekoff(off_type, std::ios_base::seekdir, std::ios_base::openmode) override { return pos_type(-1); }
    pos_type seekpos(pos_type, std::ios_base::openmode) override { return pos_type(-1); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(cifar10)

BOOST_AUTO_TEST_CASE(reads_labels_and_planes)
{
    std::istringstream in(cifar10_bytes(3, 4));
    const auto images = hsc::io::read_cifar10(in, "b.bin");
    BOOST_TEST(images.size() == 3u);
    BOOST_TEST((images.labels == std::vector<std::uint8_t>{4, 5, 6}));
    // Image 2, pixel (row 1, column 5) = p 37: R, G, B from the three planes.
    const auto rgb = images.rgb<float>(2);
    BOOST_TEST((rgb.shape() == std::array<std::size_t, 3>{32, 32, 3}));
    BOOST_TEST(rgb(1, 5, 0) == float((14 + 0 + 37) % 256));
    BOOST_TEST(rgb(1, 5, 1) == float((14 + 3 + 37) % 256));
    BOOST_TEST(rgb(1, 5, 2) == float((14 + 6 + 37) % 256));
    const auto gray = hsc::grayscale(rgb);
    BOOST_TEST(gray(1, 5) == 0.299f * rgb(1, 5, 0) + 0.587f * rgb(1, 5, 1) + 0.114f * rgb(1, 5, 2),
               boost::test_tools::tolerance(1e-5f));

    std::istringstream first_two(cifar10_bytes(3));
    BOOST_TEST(hsc::io::read_cifar10(first_two, "b.bin", 2).size() == 2u);
    // A stream without a known size is read to its end.
    unseekable pipe_buffer(cifar10_bytes(3));
    std::istream pipe(&pipe_buffer);
    BOOST_TEST(hsc::io::read_cifar10(pipe, "pipe").size() == 3u);
}

BOOST_AUTO_TEST_CASE(malformed_files_get_named_errors)
{
    auto read = [](const std::string& bytes) {
        std::istringstream in(bytes);
        return hsc::io::read_cifar10(in, "b.bin");
    };
    HSC_CHECK_ERROR(read(""), "b.bin is empty");
    HSC_CHECK_ERROR(read(cifar10_bytes(2) + "abcde"), "6151 bytes, not a whole number of 3073-byte records");
    HSC_CHECK_ERROR(read(cifar10_bytes(3, 0, 1, 10)), "record 1 has label 10, not a class 0..9");
    HSC_CHECK_ERROR(read(cifar10_bytes(3, 0, 2, 255)), "record 2 has label 255");
    unseekable pipe_buffer(cifar10_bytes(1) + std::string(100, 'x'));
    std::istream pipe(&pipe_buffer);
    HSC_CHECK_ERROR(hsc::io::read_cifar10(pipe, "pipe"), "record 1 is truncated (100 of 3073 bytes)");
    unseekable empty_buffer("");
    std::istream empty_pipe(&empty_buffer);
    HSC_CHECK_ERROR(hsc::io::read_cifar10(empty_pipe, "pipe"), "pipe holds no record");
    HSC_CHECK_ERROR(hsc::io::read_cifar10("/nonexistent/data_batch_1.bin"),
                    "cannot open /nonexistent/data_batch_1.bin");

    // More records than the readers may allocate (limit lowered to two records' worth).
    const auto saved = hsc::io::reader_limits();
    hsc::io::reader_limits().max_bytes = 2 * 3073;
    unseekable long_buffer(cifar10_bytes(3));
    std::istream long_pipe(&long_buffer);
    HSC_CHECK_ERROR(hsc::io::read_cifar10(long_pipe, "pipe"), "more records than the reader's limit of 6146 bytes");
    hsc::io::reader_limits() = saved;
}

BOOST_AUTO_TEST_CASE(reads_a_split_across_its_files)
{
    const auto folder = std::filesystem::temp_directory_path() / "hsc_test_cifar10";
    std::filesystem::create_directories(folder);
    for (int b = 1; b <= 5; ++b)
        std::ofstream(folder / ("data_batch_" + std::to_string(b) + ".bin"), std::ios::binary)
            << cifar10_bytes(2, std::size_t(b) * 2);
    std::ofstream(folder / "test_batch.bin", std::ios::binary) << cifar10_bytes(3);
    const std::string dir = folder.string();

    const auto train = hsc::io::read_cifar10_split(dir, "train", 7);
    BOOST_TEST((train.labels == std::vector<std::uint8_t>{2, 3, 4, 5, 6, 7, 8}));
    BOOST_TEST(train.pixels.size() == 7u * 3072u);
    BOOST_TEST(hsc::io::read_cifar10_split(dir, "train").size() == 10u);
    BOOST_TEST(hsc::io::read_cifar10_split(dir, "test").size() == 3u);
    HSC_CHECK_ERROR(hsc::io::read_cifar10_split(dir, "train", 11), "11 train images asked for");
    HSC_CHECK_ERROR(hsc::io::read_cifar10_split(dir, "validation"), "neither \"train\" nor \"test\"");
    std::filesystem::remove(folder / "data_batch_3.bin");
    HSC_CHECK_ERROR(hsc::io::read_cifar10_split(dir, "train", 5), "cannot open " + dir + "/data_batch_3.bin");
    std::filesystem::remove_all(folder);
}

BOOST_AUTO_TEST_SUITE_END()
