// The per-structure/per-table files `domfw build` writes for QEMU's -smbios file= / -acpitable
// file= (one structure or table per option, PEERS.md): same bytes as smbios.bin/acpi.bin, SMBIOS
// handles renumbered out of QEMU's own.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "domain/load.hpp"
#include "emit/build_output.hpp"
#include "emit/qemu_firmware_files.hpp"
#include "plan/from_domain.hpp"
#include "plan/passthrough_files.hpp"
#include "support/files.hpp"
#include "temp_dir.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kExamples = fs::path(DOMFW_SOURCE_DIR) / "examples";

struct Planned {
    domain::LoadResult load;
    plan::DomainPlan input;
};

Planned planned(const fs::path& cfg) {
    Planned p;
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    p.load = domain::load(cfg, lo);
    EXPECT_TRUE(p.load.ok()) << p.load.diagnostics.render_all(p.load.source);
    auto in = plan::plan_input_from_domain(p.load.config);
    EXPECT_TRUE(in) << (in ? "" : in.error().message);
    if (in) p.input = std::move(*in);
    return p;
}

bool have_hvmloader() { return fs::exists("/usr/lib/xen-4.17/boot/hvmloader"); }

TEST(QemuFirmwareFiles, OneFilePerStructureAndTableWithQemuSafeHandles) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    auto p = planned(kExamples / "hvm-host-passthrough.cfg");
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(p.input.smbios_blob && p.input.acpi_blob);
    auto files = emit::qemu_firmware_files(p.input);
    ASSERT_TRUE(files) << files.error().message;
    auto structures = plan::split_smbios_firmware(*p.input.smbios_blob, "smbios.bin");
    auto tables = plan::split_acpi_firmware(*p.input.acpi_blob, "acpi.bin");
    ASSERT_TRUE(structures && tables);
    ASSERT_EQ(files->smbios.size(), structures->size());
    ASSERT_EQ(files->acpi.size(), tables->size());
    for (std::size_t i = 0; i < structures->size(); ++i) {
        const auto& f = files->smbios[i];
        const auto& s = (*structures)[i];
        ASSERT_EQ(f.bytes.size(), s.size());
        EXPECT_EQ(f.type, s[0]);
        EXPECT_EQ(f.bytes[2] | (f.bytes[3] << 8), 0xD000 + static_cast<int>(i)) << f.name;
        EXPECT_EQ(f.name, "qemu/smbios-0" + std::to_string(i) + "-type" + std::to_string(s[0]) + ".bin");
        // Only the handle (and type 2's chassis handle) differ.
        for (std::size_t k = 0; k < s.size(); ++k) {
            const bool handle = k == 2 || k == 3 || (f.type == 2 && (k == 0x0B || k == 0x0C));
            if (!handle) {
                EXPECT_EQ(f.bytes[k], s[k]) << f.name << " byte " << k;
            }
        }
    }
    bool slic = false;
    for (std::size_t i = 0; i < tables->size(); ++i) {
        const auto& t = (*tables)[i];
        EXPECT_TRUE(std::equal(t.begin(), t.end(), files->acpi[i].bytes.begin(), files->acpi[i].bytes.end()));
        slic = slic || files->acpi[i].signature == "SLIC";
        EXPECT_EQ(files->acpi[i].name, "qemu/acpi-0" + std::to_string(i) + "-" + files->acpi[i].signature + ".bin");
    }
    EXPECT_TRUE(slic);
}

TEST(QemuFirmwareFiles, Type2ChassisHandleFollowsTheRenumbering) {
    plan::DomainPlan d;
    d.input.type = plan::GuestType::hvm;
    // Type 3 (handle 0x0003, 0x0D bytes + double NUL), then type 2 pointing at it (offset 0x0B).
    std::vector<std::uint8_t> t3(0x0D, 0);
    t3[0] = 3;
    t3[1] = 0x0D;
    t3[2] = 0x03;
    t3.insert(t3.end(), {0, 0});
    std::vector<std::uint8_t> t2(0x0F, 0);
    t2[0] = 2;
    t2[1] = 0x0F;
    t2[2] = 0x02;
    t2[0x0B] = 0x03;
    t2.insert(t2.end(), {0, 0});
    std::vector<std::uint8_t> blob;
    for (const auto* s : {&t3, &t2}) {
        const auto n = static_cast<std::uint32_t>(s->size());
        blob.insert(blob.end(), {static_cast<std::uint8_t>(n), 0, 0, 0});
        blob.insert(blob.end(), s->begin(), s->end());
    }
    d.smbios_blob = blob;
    auto files = emit::qemu_firmware_files(d);
    ASSERT_TRUE(files) << files.error().message;
    ASSERT_EQ(files->smbios.size(), 2U);
    EXPECT_EQ(files->smbios[1].bytes[0x0B], 0x00);
    EXPECT_EQ(files->smbios[1].bytes[0x0C], 0xD0); // 0xD000: the type 3 passed with it
}

TEST(QemuFirmwareFiles, PvhGetsNoneAndBuildWritesThemForHvm) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    auto p = planned(kExamples / "hvm-host-passthrough.cfg");
    ASSERT_FALSE(HasFailure());
    auto bp = plan::make_plan(p.input.input);
    ASSERT_TRUE(bp) << bp.error().message;
    domfw::test::TempDir tmp;
    const mode_t old_mask = ::umask(022);
    auto r = emit::write_build(p.load.document, p.load.config, p.input, *bp, tmp.path() / "out");
    ::umask(old_mask);
    ASSERT_TRUE(r) << r.error().message;
    auto files = emit::qemu_firmware_files(p.input);
    ASSERT_TRUE(files);
    for (const auto& f : files->smbios) {
        auto bytes = support::read_file(tmp.path() / "out" / f.name);
        ASSERT_TRUE(bytes) << f.name;
        EXPECT_EQ(*bytes, f.bytes) << f.name;
    }
    // The files follow smbios.bin's and acpi.bin's privacy: the example passes an MSDM (a product
    // key), so every ACPI file is the owner's only; its SMBIOS is scrubbed, so it follows the umask.
    for (const auto& f : files->acpi) {
        struct stat st {};
        ASSERT_EQ(::stat((tmp.path() / "out" / f.name).c_str(), &st), 0) << f.name;
        EXPECT_EQ(st.st_mode & 0777, 0600U) << f.name;
    }
    for (const auto& f : files->smbios) {
        struct stat st {};
        ASSERT_EQ(::stat((tmp.path() / "out" / f.name).c_str(), &st), 0) << f.name;
        EXPECT_EQ(st.st_mode & 0777, 0644U) << f.name;
    }
    plan::DomainPlan pvh = p.input;
    pvh.input.type = plan::GuestType::pvh;
    auto none = emit::qemu_firmware_files(pvh);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->smbios.empty() && none->acpi.empty());
}

} // namespace
