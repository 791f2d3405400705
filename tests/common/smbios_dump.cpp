#include "smbios_dump.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "run.hpp"

namespace domfw::test {

std::vector<std::uint8_t> smbios_structure(std::uint8_t type, std::uint16_t handle,
                                           const std::vector<std::uint8_t>& body,
                                           const std::vector<std::string>& strings) {
    // Reserved, then appended: GCC 12 -O3 reports a false -Warray-bounds when a 4-byte
    // initializer-list vector grows by insert.
    std::vector<std::uint8_t> s;
    s.reserve(4 + body.size() + 256);
    for (const std::uint8_t b : {type, static_cast<std::uint8_t>(4 + body.size()), static_cast<std::uint8_t>(handle),
                                 static_cast<std::uint8_t>(handle >> 8)})
        s.push_back(b);
    s.insert(s.end(), body.begin(), body.end());
    for (const auto& str : strings) {
        s.insert(s.end(), str.begin(), str.end());
        s.push_back(0);
    }
    if (strings.empty()) s.push_back(0);
    s.push_back(0);
    return s;
}

namespace {

// Sets the byte at `at` so that the `n` bytes from `from` sum to 0.
void fix_sum(std::vector<std::uint8_t>& v, std::size_t at, std::size_t from, std::size_t n) {
    v[at] = 0;
    std::uint8_t sum = 0;
    for (std::size_t i = from; i < from + n; ++i)
        sum = static_cast<std::uint8_t>(sum + v[i]);
    v[at] = static_cast<std::uint8_t>(0x100 - sum);
}

} // namespace

std::string dmidecode_of(std::vector<std::uint8_t> e, const std::vector<std::uint8_t>& table,
                         const std::filesystem::path& file) {
    const bool sm3 = e.size() >= 5 && e[3] == '3';
    if (e.size() < (sm3 ? 0x18U : 0x1FU)) return "(entry point too short)";
    // The table address field: 8 bytes at 0x10 (_SM3_), 4 at 0x18 (_SM_).
    const std::size_t addr = sm3 ? 0x10 : 0x18;
    for (std::size_t i = 0; i < (sm3 ? 8U : 4U); ++i)
        e[addr + i] = i == 0 ? 32 : 0;
    if (sm3) {
        fix_sum(e, 5, 0, 0x18);
    } else {
        fix_sum(e, 0x15, 0x10, 0x0F); // the intermediate (_DMI_) checksum first: the outer one covers it
        fix_sum(e, 4, 0, 0x1F);
    }
    e.resize(32, 0);
    e.insert(e.end(), table.begin(), table.end());
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(e.data()), std::streamsize(e.size()));
    return run("dmidecode --from-dump " + quoted(file)).out;
}

bool have_dmidecode() { return run("dmidecode --version").status == 0; }

void expect_clean_dmidecode(const std::string& out) {
    for (const char* bad : {"Invalid", "invalid", "Wrong", "wrong", "broken", "Warning", "warning", "truncated",
                            "OUT OF SPEC", "BAD INDEX"})
        EXPECT_EQ(out.find(bad), std::string::npos) << bad << " in:\n" << out;
}

} // namespace domfw::test
