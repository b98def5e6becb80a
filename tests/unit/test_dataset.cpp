// The data-set encoder (hsc/encoder/dataset.hpp) and its shard files (hsc/io/code_shard.hpp).
#include "hsc/bank/random_normal.hpp"
#include "hsc/encoder/dataset.hpp"
#include "hsc/io/code_shard.hpp"
#include "hsc/solver/admm.hpp"
#include "support/check_error.hpp"
#include "support/random_data.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <vector>

namespace {

using scalar_types = boost::mpl::list<float, double>;

/// Image i of a small data set: random pixels, two sizes mixed, image 5 with a NaN.
template <class T>
xt::xtensor<T, 2> dataset_image(std::size_t i)
{
    const std::size_t side = i % 3 == 0 ? 20 : 24;
    const auto pixels = hsc::testing::uniform_vector<T>(side * side, 100 + i);
    xt::xtensor<T, 2> image({side, side});
    std::copy(pixels.begin(), pixels.end(), image.begin());
    if (i == 5) image(3, 4) = std::numeric_limits<T>::quiet_NaN();
    return image;
}

template <class T, class Policy>
std::vector<hsc::coded_image<T>> code_all(std::size_t count, std::size_t threads, const Policy& policy)
{
    const auto bank = hsc::random_normal_bank{.count = 6, .size = 5, .seed = 3}.build<T>();
    const hsc::dataset_encoder<T, Policy> coder(bank, threads, hsc::boundary::circular, policy);
    std::vector<hsc::coded_image<T>> results;
    std::size_t calls = 0;
    const auto summary = coder.encode(
        count, [](std::size_t i) { return dataset_image<T>(i); },
        [&](hsc::coded_image<T>&& image) { results.push_back(std::move(image)); },
        [&](const hsc::dataset_progress& p) {
            ++calls;
            BOOST_TEST(p.done == calls);
            BOOST_TEST(p.total == count);
        });
    BOOST_TEST(summary.images == count);
    BOOST_TEST(summary.failed == (count > 5 ? 1u : 0u));
    BOOST_TEST(calls == count);
    return results;
}

template <class T>
void check_same(const std::vector<hsc::coded_image<T>>& a, const std::vector<hsc::coded_image<T>>& b)
{
    BOOST_REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST_INFO("image " << i);
        BOOST_TEST(a[i].index == b[i].index);
        BOOST_TEST(a[i].error == b[i].error);
        BOOST_TEST((a[i].code.geometry() == b[i].code.geometry()));
        BOOST_REQUIRE(a[i].code.events().size() == b[i].code.events().size());
        for (std::size_t e = 0; e < a[i].code.events().size(); ++e) {
            const auto &x = a[i].code.events()[e], &y = b[i].code.events()[e];
            BOOST_TEST((x.atom == y.atom && x.row == y.row && x.col == y.col && x.value == y.value));
        }
        BOOST_TEST(a[i].report.psnr_db == b[i].report.psnr_db);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(dataset_codes_are_in_order_and_the_same_for_any_worker_count, T, scalar_types)
{
    const hsc::solver::mp mp{.options = {.max_atoms = 15}};
    const auto one = code_all<T>(13, 1, mp);
    for (std::size_t i = 0; i < one.size(); ++i) BOOST_TEST(one[i].index == i);
    // Image 5 holds a NaN: reported with the encoder's reason, skipped, and the run goes on.
    BOOST_TEST(!one[5].coded());
    BOOST_TEST(one[5].error.find("pixel (3, 4)") != std::string::npos);
    BOOST_TEST(one[5].code.events().empty());
    BOOST_TEST(one[6].coded());
    BOOST_TEST(one[0].code.geometry().height == 20u);
    BOOST_TEST(one[1].code.geometry().height == 24u);
    BOOST_TEST(one[1].code.events().size() == 15u);
    // Each image's code is the code a lone encoder gives it.
    const auto bank = hsc::random_normal_bank{.count = 6, .size = 5, .seed = 3}.build<T>();
    hsc::encoder<T> alone(bank, 24, 24, hsc::boundary::circular, mp);
    alone.encode(dataset_image<T>(7));
    check_same<T>({one[7]}, {{7, alone.code(), one[7].report, ""}});
    check_same(one, code_all<T>(13, 2, mp));
    check_same(one, code_all<T>(13, 5, mp));
}

BOOST_AUTO_TEST_CASE(dataset_convex_codes_do_not_depend_on_the_worker_count)
{
    hsc::solver::admm admm;
    admm.options.max_iterations = 10;
    check_same(code_all<float>(7, 1, admm), code_all<float>(7, 3, admm));
}

BOOST_AUTO_TEST_CASE(dataset_sink_failure_stops_the_run_and_is_rethrown)
{
    const auto bank = hsc::random_normal_bank{.count = 4, .size = 5}.build<float>();
    const hsc::dataset_encoder<float> coder(bank, 2, hsc::boundary::circular,
                                            hsc::solver::mp{.options = {.max_atoms = 5}});
    std::atomic<std::size_t> loaded{0};
    std::size_t sunk = 0;
    HSC_CHECK_ERROR(coder.encode(
                        200,
                        [&](std::size_t i) {
                            ++loaded;
                            return dataset_image<float>(i);
                        },
                        [&](hsc::coded_image<float>&&) {
                            if (++sunk == 3) hsc::fail(hsc::errc::io, "disk full");
                        }),
                    "disk full");
    BOOST_TEST(sunk == 3u);
    BOOST_TEST(loaded.load() < 30u); // the workers stopped, at most a window ahead of the sink
}

BOOST_AUTO_TEST_CASE_TEMPLATE(code_shards_round_trip_and_reconstruct, T, scalar_types)
{
    const auto images = code_all<T>(8, 2, hsc::solver::mp{.options = {.max_atoms = 12}});
    const std::string bytes = hsc::io::code_shard_bytes<T>(images, 6, hsc::boundary::circular);
    BOOST_TEST(bytes == hsc::io::code_shard_bytes<T>(images, 6, hsc::boundary::circular));
    const auto back = hsc::io::read_code_shard<T>(hsc::io::npz_reader(bytes, "shard.npz"));
    check_same(images, back);
    BOOST_TEST(back[5].error == images[5].error);
    BOOST_TEST(back[3].code.geometry().atoms == 6u);
}

BOOST_AUTO_TEST_CASE(code_shards_refuse_events_outside_their_images)
{
    auto images = code_all<float>(3, 1, hsc::solver::mp{.options = {.max_atoms = 4}});
    hsc::io::npz_reader good(hsc::io::code_shard_bytes<float>(images, 6, hsc::boundary::circular), "s.npz");
    // The same shard claiming 5 atoms: an event of atom 5 no longer fits.
    auto events = images[0].code.events();
    events[0].atom = 5;
    images[0].code = hsc::sparse_code<float>(images[0].code.geometry(), events);
    const std::string lying = hsc::io::code_shard_bytes<float>(images, 5, hsc::boundary::circular);
    HSC_CHECK_ERROR(hsc::io::read_code_shard<float>(hsc::io::npz_reader(lying, "s.npz")), "lies outside image 0");
    BOOST_TEST(hsc::io::read_code_shard<float>(good).size() == 3u);
}
