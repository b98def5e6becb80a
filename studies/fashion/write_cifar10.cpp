// Test helper: writes a folder in CIFAR-10's binary format (data_batch_1..5.bin, test_batch.bin)
// whose images the tests can classify: record i has class i % 10 and shows a grating whose
// orientation is the class's (18° apart), in colour, over a little deterministic noise. With
// `truncate`, test_batch.bin loses its last byte. Usage:
//   hsc_write_cifar10 DIR RECORDS_PER_BATCH TEST_RECORDS [truncate]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

namespace {

std::vector<unsigned char> records(std::size_t count, std::size_t first)
{
    std::vector<unsigned char> bytes;
    unsigned noise = 12345u + static_cast<unsigned>(first);
    for (std::size_t i = first; i < first + count; ++i) {
        const std::size_t label = i % 10;
        bytes.push_back(static_cast<unsigned char>(label));
        const double angle = std::numbers::pi * static_cast<double>(label) / 10.0;
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x) {
                    noise = noise * 1103515245u + 12345u;
                    const double wave = std::cos(0.8 * (x * std::cos(angle) + y * std::sin(angle)) + c);
                    const double value = 128 + 90 * wave + static_cast<double>((noise >> 16) % 21) - 10;
                    bytes.push_back(static_cast<unsigned char>(std::lround(std::fmin(255, std::fmax(0, value)))));
                }
    }
    return bytes;
}

bool write(const std::string& path, const std::vector<unsigned char>& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out.flush());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4 && !(argc == 5 && std::string(argv[4]) == "truncate")) {
        std::fprintf(stderr, "usage: hsc_write_cifar10 DIR RECORDS_PER_BATCH TEST_RECORDS [truncate]\n");
        return 2;
    }
    const std::string dir = argv[1];
    const auto per_batch = static_cast<std::size_t>(std::atol(argv[2]));
    const auto test = static_cast<std::size_t>(std::atol(argv[3]));
    bool ok = true;
    for (std::size_t b = 0; b < 5; ++b)
        ok = write(dir + "/data_batch_" + std::to_string(b + 1) + ".bin", records(per_batch, b * per_batch)) && ok;
    auto test_bytes = records(test, 5 * per_batch);
    if (argc == 5) test_bytes.pop_back();
    ok = write(dir + "/test_batch.bin", test_bytes) && ok;
    return ok ? 0 : 1;
}
