// domfw run's QEMU command line as data (run/qemu_command.hpp): the whole argv for a set of
// configs, each compared with the command line expected for it, and what run refuses of the devices.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "domain/load.hpp"
#include "plan/from_domain.hpp"
#include "run/qemu_command.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kFirmware = fs::path(DOMFW_SOURCE_DIR) / "examples/firmware";
const fs::path kDir = "/b/guest"; // the build directory: the argv only names it

bool have_hvmloader() { return fs::exists("/usr/lib/xen-4.17/boot/hvmloader"); }

struct Built {
    domain::LoadResult load;
    plan::DomainPlan plan;
};

Built load(const fs::path& dir, const std::string& text, const fs::path& firmware_dir = domain::kDefaultFirmwareDir) {
    const fs::path cfg = dir / "guest.cfg";
    std::ofstream(cfg) << text;
    Built b;
    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    lo.firmware_dir = firmware_dir;
    b.load = domain::load(cfg, lo);
    EXPECT_TRUE(b.load.ok()) << b.load.diagnostics.render_all(b.load.source);
    plan::DomainPlanOptions po;
    po.loader = fs::path(DOMFW_LOADER_ELF);
    auto p = plan::plan_input_from_domain(b.load.config, po);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    if (p) b.plan = std::move(*p);
    return b;
}

std::string command_of(const Built& b, const run::QemuOptions& o = {}) {
    auto c = run::qemu_command(b.load.config, b.plan, kDir, o);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return c ? run::shell_command(c->argv) : std::string();
}

const std::string kHead = "qemu-system-x86_64 -machine pc -accel tcg";
const std::string kCommon = "-nodefaults -no-user-config -display none -serial stdio -action "
                            "reboot=shutdown,shutdown=poweroff,panic=exit-failure -device pvpanic";

TEST(QemuCommand, HvmSeabiosWithPassThroughOneOptionPerStructureAndTable) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    auto b = load(tmp.path(), "name = \"h\"\ntype = \"hvm\"\nmemory = 512\nvcpus = 2\nfirmware = \"seabios\"\n"
                              "firmware_source = \"" +
                                  (kFirmware / "laptop-host").string() +
                                  "\"\nsmbios_passthrough = [ \"0-3\", \"11\" ]\n"
                                  "acpi_passthrough = [ \"SLIC\", \"MSDM\", \"SSDT:oem_table_id=PtidDevc\" ]\n");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(command_of(b),
              kHead + " -name guest=h -m 512 -smp 2 " + kCommon +
                  " -smbios file=/b/guest/qemu/smbios-00-type0.bin -smbios file=/b/guest/qemu/smbios-01-type1.bin"
                  " -smbios file=/b/guest/qemu/smbios-02-type2.bin -smbios file=/b/guest/qemu/smbios-03-type3.bin"
                  " -smbios file=/b/guest/qemu/smbios-04-type11.bin -acpitable file=/b/guest/qemu/acpi-00-SLIC.bin"
                  " -acpitable file=/b/guest/qemu/acpi-01-MSDM.bin -acpitable file=/b/guest/qemu/acpi-02-SSDT.bin");
}

TEST(QemuCommand, HvmOvmfQ35KvmSmbiosStringsDisksAndNics) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    auto b = load(tmp.path(), "name = \"o,v\"\ntype = \"hvm\"\nuuid = \"6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d\"\n"
                              "memory = 1000\nvcpus = 1\nmaxvcpus = 4\nfirmware = \"ovmf\"\nboot = \"dc\"\n"
                              "smbios = [ \"system_serial_number=S,1\", \"oem=first\", \"oem=second\", "
                              "\"bios_vendor=V\", \"battery_manufacturer=B\" ]\n"
                              "disk = [ \"/img/a.qcow2,qcow2,xvda,w\", \"format=raw, vdev=hdc, access=ro, "
                              "devtype=cdrom, target=/iso/d, 1.iso\", \"rel.img,,xvdb\" ]\n"
                              "vif = [ \"mac=00:16:3e:12:34:56, bridge=xenbr0, model=e1000\", \"\" ]\n");
    ASSERT_FALSE(HasFailure());
    run::QemuOptions o;
    o.machine = run::Machine::q35;
    o.accel = run::Accel::kvm;
    auto c = run::qemu_command(b.load.config, b.plan, kDir, o);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(run::shell_command(c->argv),
              "qemu-system-x86_64 -machine q35 -accel kvm -name guest=o,,v -uuid 6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d"
              " -m 1000 -smp 1,maxcpus=4 " +
                  kCommon +
                  " -drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
                  " -drive if=pflash,format=raw,unit=1,file=/b/guest/OVMF_VARS.fd"
                  " -smbios type=0,vendor=V -smbios type=1,serial=S,,1 -smbios type=11,value=first,value=second"
                  " -boot order=dc"
                  " -drive if=virtio,format=qcow2,file=/img/a.qcow2"
                  " -drive 'if=ide,media=cdrom,format=raw,file=/iso/d,, 1.iso,readonly=on'"
                  " -drive if=virtio,format=raw,file=" +
                  (tmp.path() / "rel.img").string() +
                  " -netdev user,id=net0 -device e1000,netdev=net0,mac=00:16:3e:12:34:56"
                  " -netdev user,id=net1 -device rtl8139,netdev=net1");
    ASSERT_TRUE(c->ovmf_vars_template);
    EXPECT_EQ(*c->ovmf_vars_template, "/usr/share/OVMF/OVMF_VARS_4M.fd");
    ASSERT_EQ(c->notes.size(), 1U);
    EXPECT_EQ(c->notes[0], "smbios: battery_manufacturer left out: QEMU builds no SMBIOS type 22");
}

TEST(QemuCommand, SmbiosStringsNeverForATypeAFileGives) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    auto b = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nmemory = 256\nfirmware_source = \"" +
                                  (kFirmware / "laptop-host").string() +
                                  "\"\nsmbios_passthrough = [ \"1\" ]\nsmbios = [ \"system_serial_number=X\", "
                                  "\"bios_vendor=V\" ]\n");
    ASSERT_FALSE(HasFailure());
    auto c = run::qemu_command(b.load.config, b.plan, kDir, {});
    ASSERT_TRUE(c) << c.error().message;
    const auto cmd = run::shell_command(c->argv);
    EXPECT_NE(cmd.find("-smbios file=/b/guest/qemu/smbios-00-type1.bin -smbios type=0,vendor=V"), std::string::npos)
        << cmd;
    EXPECT_EQ(cmd.find("type=1,"), std::string::npos) << cmd;
    ASSERT_EQ(c->notes.size(), 1U);
    EXPECT_EQ(c->notes[0],
              "smbios: system_serial_number left out: type 1 comes from the pass-through (as hvmloader does)");
}

TEST(QemuCommand, PvhThroughTheLoaderHvc0BecomesTtyS0) {
    test::TempDir tmp;
    auto b = load(tmp.path(), "name = \"p\"\ntype = \"pvh\"\nmemory = 256\nvcpus = 2\nkernel = \"" +
                                  (kFirmware / "pvh-kernel-16m.elf").string() + "\"\nramdisk = \"" +
                                  (kFirmware / "ramdisk.img").string() +
                                  "\"\ncmdline = \"console=hvc0 quiet\"\nfirmware_source = \"" +
                                  (kFirmware / "laptop-host").string() + "\"\nsmbios_passthrough = [ \"1\" ]\n");
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(b.plan.through_loader);
    auto c = run::qemu_command(b.load.config, b.plan, kDir, {});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(run::shell_command(c->argv), kHead + " -name guest=p -m 256 -smp 2 " + kCommon +
                                               " -kernel /b/guest/domfw-loader.elf -initrd /b/guest/bundle.dfwb"
                                               " -append 'console=ttyS0 quiet'");
    ASSERT_EQ(c->notes.size(), 1U);
    EXPECT_EQ(c->notes[0], "command line: console=hvc0 (Xen's console) is console=ttyS0 under QEMU");
}

TEST(QemuCommand, PvhDirectAndHvmDirectKernelDebugExit) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    const auto kernel = (kFirmware / "pvh-kernel-16m.elf").string();
    const auto ramdisk = (kFirmware / "ramdisk.img").string();
    auto pvh = load(tmp.path(), "name = \"n\"\ntype = \"pvh\"\nmemory = 128\nkernel = \"" + kernel +
                                    "\"\nramdisk = \"" + ramdisk + "\"\ncmdline = \"console=ttyS0\"\n");
    ASSERT_FALSE(HasFailure());
    ASSERT_FALSE(pvh.plan.through_loader);
    run::QemuOptions o;
    o.debug_exit = true;
    EXPECT_EQ(command_of(pvh, o), kHead + " -name guest=n -m 128 -smp 1 " + kCommon +
                                      " -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel " + kernel +
                                      " -initrd " + ramdisk + " -append console=ttyS0");
    auto hvm = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nmemory = 128\nkernel = \"" + kernel +
                                    "\"\nramdisk = \"" + ramdisk + "\"\ncmdline = \"console=ttyS0 x='1'\"\n");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(command_of(hvm), kHead + " -name guest=n -m 128 -smp 1 " + kCommon + " -kernel " + kernel + " -initrd " +
                                   ramdisk + " -append 'console=ttyS0 x='\\''1'\\'''");
}

// What the domain model accepts (xl's grammar) but QEMU under domfw run cannot honour:
// check_qemu_can_run's diagnostics as domfw run prints them, source line and caret included (the
// temporary directory cut from the file name), after checking that qemu_command refuses the same
// config with the first of them.
std::string refusals(const Built& b, const fs::path& dir) {
    support::Diagnostics d;
    run::check_qemu_can_run(b.load, b.plan, d);
    auto c = run::qemu_command(b.load.config, b.plan, kDir, {});
    if (d.empty()) {
        EXPECT_TRUE(c) << c.error().message;
        return c ? "accepted: " + run::shell_command(c->argv) : c.error().message;
    }
    EXPECT_EQ(d.error_count(), d.items().size());
    EXPECT_FALSE(c) << run::shell_command(c->argv);
    std::string text = d.render_all(b.load.source);
    if (!c) {
        EXPECT_EQ(c.error().message.substr(0, c.error().message.find(" (and ")), text.substr(0, text.find('\n')));
    }
    for (auto at = text.find(dir.string() + "/"); at != std::string::npos; at = text.find(dir.string() + "/"))
        text.erase(at, dir.string().size() + 1);
    return text;
}

const std::string kPvhHead =
    "name = \"n\"\ntype = \"pvh\"\nmemory = 128\nkernel = \"" + (kFirmware / "pvh-kernel-16m.elf").string() + "\"\n";

std::string refusal(const std::string& devices) {
    test::TempDir tmp;
    auto b = load(tmp.path(), kPvhHead + devices);
    if (::testing::Test::HasFailure()) return "load failed";
    return refusals(b, tmp.path());
}

TEST(QemuCommand, FirmwareWithoutAQemuBuildIsRefusedAtItsValue) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    auto rom = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nmemory = 128\nfirmware = \"rombios\"\n");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(refusals(rom, tmp.path()),
              "guest.cfg:4:12: error: firmware rombios has no QEMU build: use firmware = \"seabios\" (or \"ovmf\") "
              "with domfw run\n"
              "    firmware = \"rombios\"\n"
              "               ^~~~~~~~~\n");
    // Through `bios`, the model's other spelling of the same firmware: at that key's value.
    auto bios = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nbios = \"rombios\"\nmemory = 128\n");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(refusals(bios, tmp.path()),
              "guest.cfg:3:8: error: firmware rombios has no QEMU build: use firmware = \"seabios\" (or \"ovmf\") "
              "with domfw run\n"
              "    bios = \"rombios\"\n"
              "           ^~~~~~~~~\n");
    auto path = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nmemory = 128\nfirmware = "
                                 "\"/usr/lib/xen-4.17/boot/hvmloader\"\n");
    ASSERT_FALSE(HasFailure());
    EXPECT_EQ(refusals(path, tmp.path()),
              "guest.cfg:4:12: error: firmware = \"/usr/lib/xen-4.17/boot/hvmloader\" is a Xen firmware image "
              "(hvmloader's replacement), which does not run under QEMU: use seabios or ovmf with domfw run\n"
              "    firmware = \"/usr/lib/xen-4.17/boot/hvmloader\"\n"
              "               ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    // A disk format xl does not know (vmdk), a bad access or a bad MAC no longer reach here:
    // loading the config refuses them with xl's words (tests/domain/devices_cases.inc); every
    // format xl knows is one QEMU reads.
}

TEST(QemuCommand, PvhFromPvgrubWithoutTheLoaderIsRefusedAtItsType) {
    // pvgrub64 stands in for itself: the test kernel is a PVH ELF as pvgrub is.
    test::TempDir tmp;
    const fs::path fw = tmp.path() / "fw";
    fs::create_directories(fw);
    fs::copy_file(kFirmware / "pvh-kernel-16m.elf", fw / "pvgrub64.bin");
    auto b = load(tmp.path(), "name = \"n\"\ntype = \"pvh\"\nmemory = 128\nfirmware = \"pvgrub64\"\n", fw);
    ASSERT_FALSE(HasFailure());
    ASSERT_FALSE(b.plan.through_loader);
    EXPECT_EQ(refusals(b, tmp.path()),
              "guest.cfg:2:8: error: type \"pvh\" without a kernel: QEMU boots a PVH guest from its kernel only\n"
              "    type = \"pvh\"\n"
              "           ^~~~~\n");
}

TEST(QemuCommand, DiskScriptIsRefusedAtItsEntry) {
    EXPECT_EQ(refusal("disk = [ \"/a.img,raw,xvda,w\",\n  \"vdev=xvdb, script=block-drbd, target=r0\" ]\n"),
              "guest.cfg:6:3: error: disk[1]: script \"block-drbd\": the target is an argument of a Xen block script, "
              "not a file QEMU can open; domfw run cannot run the script (use --backend xen)\n"
              "      \"vdev=xvdb, script=block-drbd, target=r0\" ]\n"
              "      ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    // xl's deprecated prefixes name a script too ("iscsi:" is block-iscsi).
    EXPECT_EQ(refusal("disk = [ \"iscsi:iqn.2001-05.com.example:disk,xvda,w\" ]\n"),
              "guest.cfg:5:10: error: disk[0]: script \"block-iscsi\": the target is an argument of a Xen block "
              "script, not a file QEMU can open; domfw run cannot run the script (use --backend xen)\n"
              "    disk = [ \"iscsi:iqn.2001-05.com.example:disk,xvda,w\" ]\n"
              "             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(QemuCommand, DiskFromADriverDomainIsRefusedAtItsEntry) {
    EXPECT_EQ(refusal("disk = [ \"/a.img,raw,xvda,w,backend=storage\" ]\n"),
              "guest.cfg:5:10: error: disk[0]: backend \"storage\": the disk is served by that driver domain, which "
              "QEMU does not have (use --backend xen)\n"
              "    disk = [ \"/a.img,raw,xvda,w,backend=storage\" ]\n"
              "             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(QemuCommand, DiskWithColoIsRefusedAtItsEntry) {
    EXPECT_EQ(refusal("disk = [ \"/a.img,raw,xvda,w,colo,colo-host=h,colo-port=9000,colo-export=e,"
                      "active-disk=/x,hidden-disk=/y\" ]\n"),
              "guest.cfg:5:10: error: disk[0]: colo: COLO disk replication is Xen's; QEMU cannot do it under domfw "
              "run (use --backend xen)\n"
              "    disk = [ \"/a.img,raw,xvda,w,colo,colo-host=h,colo-port=9000,colo-export=e,active-disk=/x,"
              "hidden-disk=/y\" ]\n"
              "             ^" +
                  std::string(94, '~') + "\n");
}

TEST(QemuCommand, NicModelWithoutAQemuDeviceIsRefusedAtItsEntry) {
    EXPECT_EQ(refusal("vif = [ \"model=e1000\", \"model=ne2k_pci,bridge=xenbr0\" ]\n"),
              "guest.cfg:5:24: error: vif[1]: model \"ne2k_pci\" has no QEMU device domfw run knows (e1000, rtl8139, "
              "virtio-net): write one of them, or use --backend xen\n"
              "    vif = [ \"model=e1000\", \"model=ne2k_pci,bridge=xenbr0\" ]\n"
              "                           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(QemuCommand, EveryRefusedItemIsReportedNotOnlyTheFirst) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    test::TempDir tmp;
    auto b = load(tmp.path(), "name = \"n\"\ntype = \"hvm\"\nmemory = 128\nbios = \"rombios\"\n"
                              "disk = [ \"/a.img,raw,xvda,w,backend=storage\", \"/b.img,raw,xvdb,w\",\n"
                              "         \"vdev=xvdc, script=block-drbd, target=r0\" ]\n"
                              "vif = [ \"model=ne2k_pci\", \"model=virtio\", \"model=pcnet\" ]\n");
    ASSERT_FALSE(HasFailure());
    support::Diagnostics d;
    run::check_qemu_can_run(b.load, b.plan, d);
    ASSERT_EQ(d.items().size(), 5U) << d.render_all(b.load.source);
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> places{{4, 8}, {5, 10}, {6, 10}, {7, 9}, {7, 43}};
    for (std::size_t i = 0; i < places.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(d.items()[i].where.file, (tmp.path() / "guest.cfg").string());
        EXPECT_EQ(std::make_pair(d.items()[i].where.line, d.items()[i].where.column), places[i]);
    }
    EXPECT_TRUE(d.items()[1].message.starts_with("disk[0]: backend \"storage\": ")) << d.items()[1].message;
    EXPECT_TRUE(d.items()[2].message.starts_with("disk[2]: script \"block-drbd\": ")) << d.items()[2].message;
    EXPECT_TRUE(d.items()[3].message.starts_with("vif[0]: model \"ne2k_pci\" has no")) << d.items()[3].message;
    EXPECT_TRUE(d.items()[4].message.starts_with("vif[2]: model \"pcnet\" has no")) << d.items()[4].message;
    // A library caller of qemu_command gets the first, and how many more there are.
    auto c = run::qemu_command(b.load.config, b.plan, kDir, {});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().message, (tmp.path() / "guest.cfg").string() +
                                     ":4:8: error: firmware rombios has no QEMU build: use firmware = \"seabios\" (or "
                                     "\"ovmf\") with domfw run (and 4 more)");
}

TEST(QemuCommand, DevicesComeFromTheDomainModel) {
    // xl's spellings the model reads (a MAC in capitals, an empty CD-ROM drive, a deprecated
    // format prefix, xl's "virtio" alias) give the same QEMU devices; host-side NIC settings vanish.
    EXPECT_EQ(refusal("disk = [ \"raw:/a.img,xvda,w\", \",,hdc:cdrom,r\", \"/b.vhd,vhd,xvdb,r\" ]\n"
                      "vif = [ \"mac=00:16:3E:0A:0B:0C,ip=10.0.0.2,rate=10Mb/s,model=virtio\", \"type=ioemu\" ]\n"),
              "accepted: " + kHead + " -name guest=n -m 128 -smp 1 " + kCommon + " -kernel " +
                  (kFirmware / "pvh-kernel-16m.elf").string() +
                  " -drive if=virtio,format=raw,file=/a.img -drive if=ide,media=cdrom,readonly=on"
                  " -drive if=virtio,format=vpc,file=/b.vhd,readonly=on"
                  " -netdev user,id=net0 -device virtio-net-pci,netdev=net0,mac=00:16:3e:0a:0b:0c"
                  " -netdev user,id=net1 -device rtl8139,netdev=net1");
}

TEST(QemuCommand, DevicesQemuDoesNotGetAreNamedInANote) {
    test::TempDir tmp;
    auto b =
        load(tmp.path(),
             "name = \"n\"\ntype = \"pvh\"\nmemory = 128\nkernel = \"" + (kFirmware / "pvh-kernel-16m.elf").string() +
                 "\"\nvfb = [ \"vnc=1\" ]\nvtpm = [ \"backend=0\" ]\np9 = [ \"tag=t,path=/srv,"
                 "security_model=none\" ]\nchannel = [ \"name=org.x,connection=pty\" ]\npci = [ \"03:00.0\" ]\n");
    ASSERT_FALSE(HasFailure());
    auto c = run::qemu_command(b.load.config, b.plan, kDir, {});
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_EQ(c->notes.size(), 1U);
    EXPECT_EQ(c->notes[0], "devices left out under QEMU, which gets only the disks and NICs: pci (1), vfb (1), "
                           "vkb (1), vtpm (1), channel (1), p9 (1)");
}

TEST(ShellQuote, WordsAreQuotedOnlyWhenTheShellWouldSplitOrExpandThem) {
    EXPECT_EQ(run::shell_quote("file=/a/b,c"), "file=/a/b,c");
    EXPECT_EQ(run::shell_quote(""), "''");
    EXPECT_EQ(run::shell_quote("a b"), "'a b'");
    EXPECT_EQ(run::shell_quote("it's"), "'it'\\''s'");
    EXPECT_EQ(run::shell_quote("$HOME"), "'$HOME'");
    EXPECT_EQ(run::qemu_escape("a,b,,c"), "a,,b,,,,c");
}

} // namespace
