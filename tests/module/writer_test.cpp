#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/checksum.hpp"
#include "core/module_reader.hpp"
#include "domfw/abi/module.h"
#include "module/module_inspect.hpp"
#include "module/module_writer.hpp"

using namespace domfw;
using module::ByteVector;

namespace {

ByteVector smbios_struct(std::uint8_t type, std::uint16_t handle, std::string s) {
    // Header then the string, by push_back: GCC 12 -O3 reports a false -Warray-bounds on
    // vector::insert after a small initializer-list vector.
    ByteVector v{type, 4, static_cast<std::uint8_t>(handle), static_cast<std::uint8_t>(handle >> 8)};
    for (char c : s)
        v.push_back(static_cast<std::uint8_t>(c));
    v.push_back(0);
    if (s.empty())
        v.push_back(0);
    else
        v.push_back(0);
    return v;
}

ByteVector acpi_table(const char* sig, std::size_t body = 8, const char* oem_table = "DOMFWTST") {
    ByteVector t(36 + body, 0);
    std::memcpy(t.data(), sig, 4);
    const auto len = static_cast<std::uint32_t>(t.size());
    for (int i = 0; i < 4; ++i)
        t[4 + i] = static_cast<std::uint8_t>(len >> (8 * i));
    t[8] = 1;
    std::memcpy(t.data() + 10, "DOMFW ", 6);
    std::memcpy(t.data() + 16, oem_table, 8);
    for (std::size_t i = 36; i < t.size(); ++i)
        t[i] = static_cast<std::uint8_t>(i * 7);
    t[9] = core::sum8_fix(t);
    return t;
}

TEST(ModuleWriter, SmbiosRoundTrip) {
    module::SmbiosModuleSpec spec{3, 5, 0, {smbios_struct(1, 0x100, "Acme"), smbios_struct(11, 0x0B00, "")}};
    auto m = module::write_smbios_module(spec);
    ASSERT_TRUE(m) << m.error().message;
    auto r = core::read_module(*m);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->known);
    EXPECT_EQ(r->type, DOMFW_MODULE_TYPE_SMBIOS);
    EXPECT_EQ(r->smbios.structure_count, 2u);
    EXPECT_EQ(r->smbios.major, 3);
    EXPECT_EQ(r->smbios.minor, 5);
    EXPECT_EQ(r->header_length, 32u);
    EXPECT_EQ(r->payload.size(), spec.structures[0].size() + spec.structures[1].size());
}

TEST(ModuleWriter, AcpiRoundTripWithSlicFlag) {
    module::AcpiModuleSpec spec{{acpi_table("SLIC", 40), acpi_table("SSDT")}, true};
    auto m = module::write_acpi_module(spec);
    ASSERT_TRUE(m) << m.error().message;
    auto r = core::read_module(*m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->acpi.table_count, 2u);
    EXPECT_EQ(r->acpi.acpi_flags, DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS);
}

TEST(ModuleWriter, WriterRefusesWhatTheReaderWouldReject) {
    auto bad = acpi_table("SSDT");
    bad[9] ^= 1;
    auto m = module::write_acpi_module({{bad}, false});
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message,
              fmt::format("cannot write ACPI module: ACPI table 'SSDT' at offset 0x20: checksum {:#04x} is wrong, "
                          "should be {:#04x}",
                          bad[9], bad[9] ^ 1));
    auto s = module::write_acpi_module({{acpi_table("SSDT")}, true});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message,
              "cannot write ACPI module: ACPI flag MATCH_SLIC_OEM_IDS is set but the payload holds no SLIC table");
    auto n = module::write_blob_module({"", {}});
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().message, "cannot write blob module '': the name must be 1..31 bytes, not 0");
    auto sp = module::write_blob_module({"cloud init", {}});
    ASSERT_FALSE(sp);
    EXPECT_EQ(sp.error().message,
              "cannot write blob module: blob name byte at offset 0x1d is 0x20, not a printable non-space character");
    auto none = module::write_smbios_module({3, 0, 0, {}});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().message, "cannot write SMBIOS module: SMBIOS structure_count 0x0 is outside 1..0xffff");
}

TEST(ModuleWriter, OptionRomAndBlob) {
    ByteVector rom(1024, 0);
    rom[0] = 0x55;
    rom[1] = 0xAA;
    rom[2] = 2;
    auto m = module::write_option_rom_module({0x8086, 0x100E, rom});
    ASSERT_TRUE(m) << m.error().message;
    auto r = core::read_module(*m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->option_rom.pci_vendor_id, 0x8086);
    EXPECT_EQ(r->option_rom.image_size, 1024u);
    const std::uint8_t data[] = {1, 2, 3};
    auto b = module::write_blob_module({"cloud-init", data});
    ASSERT_TRUE(b);
    auto rb = core::read_module(*b);
    ASSERT_TRUE(rb);
    EXPECT_EQ(std::string(rb->blob.name.begin(), rb->blob.name.end()), "cloud-init");
    EXPECT_EQ(rb->payload.size(), 3u);
}

TEST(ModuleWriter, BlobCommandLineRoundTripsAndInspectShowsIt) {
    const std::uint8_t data[] = {'#', 'c', 'c'};
    module::BlobModuleSpec spec{"cloud-init", data, std::string("ds=nocloud;s=/var/ \"x\"")};
    auto b = module::write_blob_module(spec);
    ASSERT_TRUE(b) << b.error().message;
    auto rb = core::read_module(*b);
    ASSERT_TRUE(rb);
    EXPECT_TRUE(rb->blob.has_cmdline);
    EXPECT_EQ(std::string(rb->blob.cmdline.begin(), rb->blob.cmdline.end()), *spec.cmdline);
    EXPECT_EQ(rb->flags, DOMFW_MODULE_F_BLOB_CMDLINE);
    EXPECT_EQ(rb->payload.size(), 3u);
    auto j = module::inspect(*b, {});
    ASSERT_TRUE(j);
    EXPECT_EQ((*j)["modules"][0]["blob"]["cmdline"], "ds=nocloud;s=/var/ \"x\"");
    EXPECT_NE(module::render_inspection(*j).find("    cmdline \"ds=nocloud;s=/var/ \"x\"\"\n"), std::string::npos);
    // An empty command line is a command line (one NUL), distinct from none.
    auto e = module::write_blob_module({"ramdisk", data, std::string()});
    ASSERT_TRUE(e);
    EXPECT_TRUE(core::read_module(*e)->blob.has_cmdline);
    EXPECT_FALSE(core::read_module(*module::write_blob_module({"ramdisk", data}))->blob.has_cmdline);
}

TEST(ModuleWriter, BlobCommandLineLimits) {
    const std::uint8_t data[] = {1};
    EXPECT_TRUE(module::write_blob_module({"m", data, std::string(1023, 'a')}));
    auto big = module::write_blob_module({"m", data, std::string(1024, 'a')});
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().message,
              "cannot write blob module 'm': its command line is 0x401 bytes with its NUL, above the limit 0x400 "
              "(MAX_GUEST_CMDLINE)");
    auto nul = module::write_blob_module({"m", data, std::string("a\0b", 3)});
    ASSERT_FALSE(nul);
    EXPECT_EQ(nul.error().message, "cannot write blob module 'm': its command line holds a NUL byte at 1");
}

// A bundle loaded page-aligned hands its blobs on in place when their payloads are page-aligned.
TEST(ModuleWriter, BundlePayloadAlignment) {
    std::vector<ByteVector> mods;
    const std::uint8_t data[] = {1, 2, 3};
    mods.push_back(*module::write_blob_module({"kernel", data}));
    mods.push_back(*module::write_blob_module({"ramdisk", data, std::string("x")}));
    auto b = module::write_bundle(mods, 0, 0x1000);
    ASSERT_TRUE(b) << b.error().message;
    auto v = core::read_bundle(*b);
    ASSERT_TRUE(v);
    for (std::uint32_t i = 0; i < 2; ++i) {
        const auto e = core::bundle_entry(*v, i).value();
        const auto m = core::bundle_module(*v, i).value();
        EXPECT_EQ((e.offset + m.header_length) % 0x1000, 0u) << i;
    }
    auto bad = module::write_bundle(mods, 0, 0x1001);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "cannot write bundle: payload alignment 0x1001 is not a power of two >= 8");
}

// A revision 1.0 reader checked: mandatory flags it knows (REQUIRED only), the blob name, the
// reserved u64 at 56, and found the payload at header_length. A 1.1 blob passes all of that, so
// old readers (and loaders) keep reading it; they only do not see the command line.
TEST(ModuleWriter, BlobCommandLineKeepsTheRevision10Rules) {
    const std::uint8_t data[] = {7, 8};
    auto b = module::write_blob_module({"cloud-init", data, std::string("a=b")});
    ASSERT_TRUE(b);
    const auto& v = *b;
    const std::uint32_t flags = v[16] | (v[17] << 8) | (v[18] << 16) | (static_cast<std::uint32_t>(v[19]) << 24);
    EXPECT_EQ(flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_MODULE_F_REQUIRED, 0u);
    EXPECT_EQ(std::memcmp(v.data() + 24, "cloud-init\0", 11), 0);
    for (std::size_t i = 56; i < 64; ++i)
        EXPECT_EQ(v[i], 0) << i;
    const std::uint32_t hl = v[8] | (v[9] << 8);
    EXPECT_EQ(hl % 8, 0u);
    EXPECT_EQ(v.size() - hl, 2u);
    EXPECT_EQ(v[hl], 7);
}

TEST(ModuleWriter, UnknownTypeIsSkippedUnlessRequired) {
    const std::uint8_t payload[] = {9, 9};
    auto m = module::write_module(0x7777, {}, payload, 0x00010000); // optional flag bit unknown: ignored
    ASSERT_TRUE(m) << m.error().message;
    auto r = core::read_module(*m);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->known);
    auto req = module::write_module(0x7777, {}, payload, DOMFW_MODULE_F_REQUIRED);
    ASSERT_FALSE(req);
    EXPECT_EQ(
        req.error().message,
        "cannot write unknown-type module: type 0x7777 is unknown to this reader but the module is marked REQUIRED");
}

TEST(ModuleWriter, BundleFindsEveryModule) {
    std::vector<ByteVector> mods;
    mods.push_back(*module::write_smbios_module({3, 0, 0, {smbios_struct(1, 1, "x")}}));
    mods.push_back(*module::write_acpi_module({{acpi_table("SSDT")}, false}));
    const std::uint8_t data[] = {1, 2, 3, 4, 5};
    mods.push_back(*module::write_blob_module({"ramdisk", data}));
    auto b = module::write_bundle(mods);
    ASSERT_TRUE(b) << b.error().message;
    auto v = core::read_bundle(*b);
    ASSERT_TRUE(v);
    ASSERT_EQ(v->module_count, 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
        auto e = core::bundle_entry(*v, i);
        ASSERT_TRUE(e);
        EXPECT_EQ(e->offset % 8, 0u);
        auto m = core::bundle_module(*v, i);
        ASSERT_TRUE(m);
        EXPECT_EQ(ByteVector(m->bytes.begin(), m->bytes.end()), mods[i]);
    }
    auto empty = module::write_bundle({});
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size(), 32u);
}

TEST(ModuleInspect, MsdmBodyIsMaskedUnlessAsked) {
    ByteVector msdm = acpi_table("MSDM", 20 + 29);
    const char* key = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE";
    std::memcpy(msdm.data() + 56, key, 29);
    msdm[9] = 0;
    msdm[9] = core::sum8_fix(msdm);
    auto m = module::write_acpi_module({{msdm}, false});
    ASSERT_TRUE(m);
    auto j = module::inspect(*m, {});
    ASSERT_TRUE(j);
    const std::string text = j->dump() + module::render_inspection(*j);
    EXPECT_EQ(text.find("AAAAA-BBBBB"), std::string::npos);
    EXPECT_NE(text.find("masked"), std::string::npos);
    EXPECT_NE(text.find("sha256"), std::string::npos);
    auto shown = module::inspect(*m, {true});
    ASSERT_TRUE(shown);
    EXPECT_NE(shown->dump().find("AAAAA-BBBBB"), std::string::npos);
}

} // namespace
