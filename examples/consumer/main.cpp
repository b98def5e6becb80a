#include <hsc/hsc.hpp>

#include <cstdio>

int main()
{
    const auto bank = hsc::heterogeneous_bank();
    std::printf("hsc %s: %zu atoms of %zux%zu\n", HSC_VERSION_STRING, bank.size(), bank.atom_size(), bank.atom_size());
    return bank.size() == 144 ? 0 : 1;
}
