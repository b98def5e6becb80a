// The IDX reader (Fashion-MNIST's format): gzip and plain files, malformed and truncated ones, and
// Debian's dataset-fashion-mnist when it is installed.
#include "hsc/io/idx.hpp"
#include "support/check_error.hpp"
#include "support/test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace {

std::string scratch_path(const std::string& name)
{
    return (std::filesystem::temp_directory_path() / ("hsc_test_idx_" + name)).string();
}

/// Writes bytes as a gzip file (or plain when gzip is false).
void write_file(const std::string& path, const std::vector<unsigned char>& bytes, bool gzip)
{
    if (gzip) {
        gzFile f = gzopen(path.c_str(), "wb");
        gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
        gzclose(f);
    } else {
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
}

/// An IDX header of unsigned bytes for the given sizes, followed by 0, 1, 2, ...
std::vector<unsigned char> idx_file(const std::vector<unsigned>& sizes, std::size_t values)
{
    std::vector<unsigned char> bytes = {0, 0, 0x08, static_cast<unsigned char>(sizes.size())};
    for (const unsigned s : sizes)
        for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(s >> shift));
    for (std::size_t i = 0; i < values; ++i) bytes.push_back(static_cast<unsigned char>(i % 251));
    return bytes;
}

} // namespace

BOOST_AUTO_TEST_SUITE(idx)

BOOST_AUTO_TEST_CASE(reads_gzip_and_plain_files)
{
    for (const bool gzip : {true, false}) {
        const auto path = scratch_path(gzip ? "ok.gz" : "ok");
        write_file(path, idx_file({3, 4, 5}, 60), gzip);
        const auto data = hsc::io::read_idx(path);
        BOOST_TEST((data.shape == std::vector<std::size_t>{3, 4, 5}));
        BOOST_TEST(data.values.size() == 60u);
        BOOST_TEST(data.values[59] == 59);
        std::remove(path.c_str());
    }
}

BOOST_AUTO_TEST_CASE(malformed_files_say_what_is_wrong)
{
    const auto path = scratch_path("bad.gz");
    write_file(path, idx_file({10, 10}, 99), true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "truncated values: expected 100 bytes, found 99");
    auto wrong_type = idx_file({4}, 4);
    wrong_type[2] = 0x0D; // float
    write_file(path, wrong_type, true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "values of type 0x0D; only unsigned bytes (0x08) are read");
    // A header declaring 2^32 values over 10 bytes: the buffer grows with what the file holds.
    write_file(path, idx_file({65536, 65536}, 10), true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "truncated values: expected 4294967296 bytes, found 10");
    write_file(path, {1, 2, 3, 4, 5}, true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "not an IDX file");
    write_file(path, {0, 0}, true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "truncated header");
    write_file(path, idx_file({0, 3}, 0), true);
    HSC_CHECK_ERROR(hsc::io::read_idx(path), "size 0 is zero");
    std::remove(path.c_str());
    HSC_CHECK_ERROR(hsc::io::read_idx("/nonexistent/train-images-idx3-ubyte.gz"),
                    "cannot open /nonexistent/train-images-idx3-ubyte.gz");
}

BOOST_AUTO_TEST_CASE(fuzz_corpora_replay)
{
    // Every seed and every input that ever made the reader fail (tests/fuzz/): a value or hsc::error.
    const auto files = hsc::testing::fuzz_inputs("idx");
    BOOST_TEST(files.size() >= 2u);
    for (const auto& path : files) {
        try {
            (void)hsc::io::read_idx(path);
        } catch (const hsc::error&) {
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_debian_fashion_mnist_when_installed)
{
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    if (!std::filesystem::exists(dir + "train-labels-idx1-ubyte.gz")) {
        BOOST_TEST_MESSAGE("dataset-fashion-mnist is not installed: skipped");
        return;
    }
    const auto images = hsc::io::read_idx(dir + "t10k-images-idx3-ubyte.gz");
    const auto labels = hsc::io::read_idx(dir + "train-labels-idx1-ubyte.gz");
    BOOST_TEST((images.shape == std::vector<std::size_t>{10000, 28, 28}));
    BOOST_TEST((labels.shape == std::vector<std::size_t>{60000}));
    std::vector<std::size_t> per_class(10, 0);
    for (const auto l : labels.values) ++per_class.at(l);
    for (const auto n : per_class) BOOST_TEST(n == 6000u); // Fashion-MNIST is balanced
}

BOOST_AUTO_TEST_SUITE_END()
