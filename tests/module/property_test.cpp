// Properties of the module format over random inputs: the reader accepts everything the writer
// writes, and every single-byte change of a written module or bundle header is rejected
// (CRC-32C detects every burst of up to 32 bits, RFC 3720 §B.4).
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <random>

#include "core/checksum.hpp"
#include "core/module_reader.hpp"
#include "module/module_writer.hpp"

using namespace domfw;
using module::ByteVector;

namespace {

struct Gen {
    std::mt19937_64 rng;
    std::uint64_t below(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); }
    std::uint8_t byte() { return static_cast<std::uint8_t>(below(256)); }

    ByteVector smbios_struct() {
        const auto flen = static_cast<std::uint8_t>(4 + below(40));
        ByteVector v(flen);
        for (auto& b : v)
            b = byte();
        v[1] = flen;
        const std::uint64_t nstr = below(4);
        for (std::uint64_t i = 0; i < nstr; ++i) {
            const std::uint64_t len = 1 + below(12);
            for (std::uint64_t k = 0; k < len; ++k)
                v.push_back(static_cast<std::uint8_t>(0x20 + below(0x5F)));
            v.push_back(0);
        }
        v.push_back(0);
        if (nstr == 0) v.push_back(0);
        return v;
    }
    ByteVector acpi_table() {
        ByteVector t(36 + below(64));
        for (auto& b : t)
            b = byte();
        static const char* sigs[] = {"SSDT", "SLIC", "MSDM", "TPM2", "BGRT"};
        std::memcpy(t.data(), sigs[below(5)], 4);
        const auto len = static_cast<std::uint32_t>(t.size());
        for (int i = 0; i < 4; ++i)
            t[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(len >> (8 * i));
        t[9] = 0;
        t[9] = core::sum8_fix(t);
        return t;
    }
    ByteVector any_module() {
        switch (below(4)) {
        case 0: {
            module::SmbiosModuleSpec s{
                static_cast<std::uint8_t>(2 + below(2)), static_cast<std::uint8_t>(below(8)), 0, {}};
            for (std::uint64_t i = 0, n = 1 + below(6); i < n; ++i)
                s.structures.push_back(smbios_struct());
            return *module::write_smbios_module(s, static_cast<std::uint32_t>(below(2)) << 16);
        }
        case 1: {
            module::AcpiModuleSpec a;
            for (std::uint64_t i = 0, n = 1 + below(4); i < n; ++i)
                a.tables.push_back(acpi_table());
            for (const auto& t : a.tables)
                if (std::memcmp(t.data(), "SLIC", 4) == 0) a.match_slic_oem_ids = below(2) == 1;
            return *module::write_acpi_module(a);
        }
        case 2: {
            ByteVector rom(512 * (1 + below(3)), 0);
            for (auto& b : rom)
                b = byte();
            rom[0] = 0x55;
            rom[1] = 0xAA;
            rom[2] = static_cast<std::uint8_t>(1 + below(rom.size() / 512));
            return *module::write_option_rom_module({static_cast<std::uint16_t>(below(0x10000)), 0xFFFF, rom});
        }
        default: {
            ByteVector data(below(200));
            for (auto& b : data)
                b = byte();
            std::string name = "blob" + std::to_string(below(1000));
            // Half of them with a revision 1.1 command line: any bytes but NUL, up to the limit.
            std::optional<std::string> cmdline;
            if (below(2) == 0) {
                cmdline.emplace(below(DOMFW_BLOB_CMDLINE_MAX_LENGTH), 'x');
                for (auto& c : *cmdline)
                    c = static_cast<char>(1 + below(255));
            }
            return *module::write_blob_module({name, data, cmdline}, DOMFW_MODULE_F_REQUIRED);
        }
        }
    }
};

TEST(ModuleProperty, ReaderAcceptsWhatWriterWritesAndRejectsEveryByteFlip) {
    Gen g{std::mt19937_64(20261121)};
    int flips = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        const ByteVector m = g.any_module();
        auto r = core::read_module(m);
        ASSERT_TRUE(r) << iter;
        ASSERT_TRUE(r->known);
        ASSERT_EQ(r->total_length, m.size());
        // One random byte changed anywhere: the CRC (or an earlier check) rejects it.
        ByteVector bad = m;
        const std::size_t at = g.below(bad.size());
        bad[at] = static_cast<std::uint8_t>(bad[at] ^ (1 + g.below(255)));
        EXPECT_FALSE(core::read_module(bad)) << "iteration " << iter << " byte " << at;
        // Truncated by any amount: rejected.
        const ByteVector cut(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(g.below(m.size())));
        EXPECT_FALSE(core::read_module(cut));
        ++flips;
    }
    EXPECT_EQ(flips, 3000);
}

TEST(ModuleProperty, BundlesOfRandomModules) {
    Gen g{std::mt19937_64(7)};
    for (int iter = 0; iter < 500; ++iter) {
        std::vector<ByteVector> mods;
        for (std::uint64_t i = 0, n = g.below(8); i < n; ++i)
            mods.push_back(g.any_module());
        auto b = module::write_bundle(mods);
        ASSERT_TRUE(b) << b.error().message;
        auto v = core::read_bundle(*b);
        ASSERT_TRUE(v);
        ASSERT_EQ(v->module_count, mods.size());
        for (std::uint32_t i = 0; i < v->module_count; ++i)
            ASSERT_TRUE(core::bundle_module(*v, i));
        // A flipped byte in the header or directory is caught by the directory CRC.
        ByteVector bad = *b;
        const std::size_t dir_end = 32 + 16 * mods.size();
        const std::size_t at = g.below(dir_end);
        bad[at] = static_cast<std::uint8_t>(bad[at] ^ (1 + g.below(255)));
        EXPECT_FALSE(core::read_bundle(bad)) << iter;
    }
}

} // namespace
