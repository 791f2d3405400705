// `domfw run` end to end under QEMU TCG (label e2e): how a guest ended becomes the exit status
// (the PVH test kernel powers off, resets, panics or hangs on request; the loader alone exits
// through isa-debug-exit with `domfw.exit`), every command --print prints is accepted by QEMU 7.2
// (started with -S and a QMP socket, then quit through QMP), Ctrl-C and --timeout leave no QEMU
// and no temporary directory, and --backend xen hands the build to xl. Skips without QEMU.
#include <gtest/gtest.h>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "run.hpp"
#include "temp_dir.hpp"

using namespace domfw;
namespace fs = std::filesystem;

namespace {

const fs::path kFirmware = fs::path(DOMFW_SOURCE_DIR) / "examples/firmware";
const fs::path kKernel = fs::path(DOMFW_TEST_KERNEL);

bool have_qemu() { return std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") == 0; }
bool have_hvmloader() { return fs::exists("/usr/lib/xen-4.17/boot/hvmloader"); }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path write_cfg(const fs::path& dir, const std::string& name, const std::string& body) {
    const fs::path p = dir / (name + ".cfg");
    std::ofstream(p) << "name = \"" << name << "\"\n" << body;
    return p;
}

// A PVH guest of the test kernel, ending as `end` asks.
std::string test_kernel_cfg(const std::string& end) {
    return "type = \"pvh\"\nmemory = 64\nkernel = \"" + kKernel.string() +
           "\"\ncmdline = \"console=hvc0 test-kernel.end=" + end + "\"\n";
}

test::Ran domfw(const std::string& args, const fs::path& tmpdir = {}) {
    test::RunOptions o;
    o.merge_stderr = false;
    o.env.emplace_back("DOMFW_LOADER", DOMFW_LOADER_ELF);
    if (!tmpdir.empty()) o.env.emplace_back("TMPDIR", tmpdir.string());
    return test::run(test::domfw_command("run " + args), o);
}

// Every process whose command line mentions `needle`.
std::vector<int> processes_naming(const std::string& needle) {
    std::vector<int> out;
    for (const auto& e : fs::directory_iterator("/proc")) {
        const auto name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string cmd = slurp(e.path() / "cmdline");
        if (cmd.find(needle) != std::string::npos && std::stoi(name) != ::getpid()) out.push_back(std::stoi(name));
    }
    return out;
}

class RunE2e : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_qemu()) GTEST_SKIP() << "qemu-system-x86_64 is not installed";
    }
    test::TempDir tmp_;
};

TEST_F(RunE2e, PowerOffIsZeroTheConsoleReachesTheTerminal) {
    const auto cfg = write_cfg(tmp_.path(), "off", test_kernel_cfg("poweroff"));
    const auto r = domfw(test::quoted(cfg) + " --accel tcg --timeout 60", tmp_.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("test-kernel: powering off"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cmdline \"console=ttyS0 test-kernel.end=poweroff\""), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("domfw: note: command line: console=hvc0 (Xen's console) is console=ttyS0 under QEMU"),
              std::string::npos)
        << r.err;
}

TEST_F(RunE2e, ResetPanicAndHangHaveTheirOwnExitCodesAndTheConsoleTail) {
    const auto reset =
        domfw(test::quoted(write_cfg(tmp_.path(), "reset", test_kernel_cfg("reset"))) + " --accel tcg --timeout 60",
              tmp_.path());
    EXPECT_EQ(reset.status, 4) << reset.err;
    EXPECT_NE(reset.err.find("reset.cfg: the guest reset (rebooted or triple-faulted)\ndomfw: the console's last "
                             "lines:\n"),
              std::string::npos)
        << reset.err;
    EXPECT_NE(reset.err.find("  test-kernel: resetting\n"), std::string::npos) << reset.err;
    const auto panic =
        domfw(test::quoted(write_cfg(tmp_.path(), "panic", test_kernel_cfg("panic"))) + " --accel tcg --timeout 60",
              tmp_.path());
    EXPECT_EQ(panic.status, 5) << panic.err;
    EXPECT_NE(panic.err.find("panic.cfg: the guest panicked (QEMU exit 1)"), std::string::npos) << panic.err;
    EXPECT_NE(panic.err.find("  test-kernel: panicking\n"), std::string::npos) << panic.err;
    const auto hang =
        domfw(test::quoted(write_cfg(tmp_.path(), "hang", test_kernel_cfg("hang"))) + " --accel tcg --timeout 3",
              tmp_.path());
    EXPECT_EQ(hang.status, 3) << hang.err;
    EXPECT_NE(hang.err.find("hang.cfg: the guest was still running at the time limit ("), std::string::npos)
        << hang.err;
    EXPECT_NE(hang.err.find("  test-kernel: hanging\n"), std::string::npos) << hang.err;
    EXPECT_TRUE(processes_naming(tmp_.path().string()).empty());
    // Only the configs remain: every temporary build directory is gone.
    for (const auto& e : fs::directory_iterator(tmp_.path()))
        EXPECT_EQ(e.path().extension(), ".cfg") << e.path();
}

TEST_F(RunE2e, LoaderAloneExitsThroughIsaDebugExit) {
    // Pass-through makes it a PVH boot through the loader; `domfw.exit` stops it before the kernel.
    const auto cfg = write_cfg(tmp_.path(), "loader",
                               "type = \"pvh\"\nmemory = 128\nkernel = \"" + kKernel.string() +
                                   "\"\ncmdline = \"console=ttyS0 domfw.exit\"\nfirmware_source = \"" +
                                   (kFirmware / "laptop-host").string() + "\"\nsmbios_passthrough = [ \"1\" ]\n");
    const auto r = domfw(test::quoted(cfg) + " --accel tcg --debug-exit --timeout 60", tmp_.path());
    EXPECT_EQ(r.status, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("domfw-loader: domfw.exit: kernel ready at 0x1000000"), std::string::npos) << r.out;
}

TEST_F(RunE2e, QemuRefusingItsArgumentsIsExitSixWithItsMessage) {
    const auto cfg = write_cfg(tmp_.path(), "nodisk",
                               test_kernel_cfg("poweroff") + "disk = [ \"/nonexistent/domfw.img,raw,xvda,r\" ]\n");
    const auto r = domfw(test::quoted(cfg) + " --accel tcg --timeout 60", tmp_.path());
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.err.find("nodisk.cfg: QEMU refused to start (exit 1): qemu-system-x86_64: -drive "
                         "if=virtio,format=raw,file=/nonexistent/domfw.img,readonly=on: Could not open "
                         "'/nonexistent/domfw.img': No such file or directory"),
              std::string::npos)
        << r.err;
}

// Devices come from the domain model: a disk xl rejects (checked against xl -N create) fails with
// xl's words at its line, as does a MAC xl complains about (xl goes on with a zero MAC; the model
// refuses, docs/differences-from-xl.md); a disk or NIC xl accepts but QEMU cannot honour fails
// with run's reason at its entry, the same way, before anything is built. None starts QEMU (no skip).
TEST(RunDevices, XlsMessageForWhatXlRejectsRunsForWhatQemuCannotHonour) {
    test::TempDir tmp;
    const auto bad = write_cfg(tmp.path(), "baddisk", test_kernel_cfg("poweroff") + "disk = [ \"/a,raw,xvda,x\" ]\n");
    auto r = domfw(test::quoted(bad) + " --print -o " + test::quoted(tmp.path() / "out1"), tmp.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
              bad.string() + ":6:10: error: disk[0]: config parsing error in disk specification: unknown value for "
                             "access: near `x' in `/a,raw,xvda,x'");
    const auto mac =
        write_cfg(tmp.path(), "badmac", test_kernel_cfg("poweroff") + "vif = [ \"mac=00:16:3e:zz:34:56\" ]\n");
    r = domfw(test::quoted(mac) + " --print -o " + test::quoted(tmp.path() / "out2"), tmp.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
              mac.string() + ":6:9: error: vif[0]: Invalid parameter `mac': octet 4 of \"00:16:3e:zz:34:56\" is not a "
                             "hexadecimal number from 0 to ff in `mac=00:16:3e:zz:34:56'");
    const auto model =
        write_cfg(tmp.path(), "model", test_kernel_cfg("poweroff") + "vif = [ \"model=e1000\", \"model=ne2k_pci\" ]\n");
    r = domfw(test::quoted(model) + " --print -o " + test::quoted(tmp.path() / "out3"), tmp.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, model.string() +
                         ":6:24: error: vif[1]: model \"ne2k_pci\" has no QEMU device domfw run knows (e1000, rtl8139, "
                         "virtio-net): write one of them, or use --backend xen\n"
                         "    vif = [ \"model=e1000\", \"model=ne2k_pci\" ]\n"
                         "                           ^~~~~~~~~~~~~~~~\n");
    const auto script = write_cfg(
        tmp.path(), "script", test_kernel_cfg("poweroff") + "disk = [ \"vdev=xvdb, script=block-drbd, target=r0\" ]\n");
    r = domfw(test::quoted(script) + " --json -o " + test::quoted(tmp.path() / "out4"), tmp.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, script.string() +
                         ":6:10: error: disk[0]: script \"block-drbd\": the target is an argument of a Xen block "
                         "script, not a file QEMU can open; domfw run cannot run the script (use --backend xen)\n"
                         "    disk = [ \"vdev=xvdb, script=block-drbd, target=r0\" ]\n"
                         "             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    // Refused before the build: no -o directory, no temporary one.
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().extension(), ".cfg") << e.path();
}

// Every item QEMU cannot honour is reported, not only the first: a user fixes them in one go.
TEST(RunDevices, EveryRefusedItemIsReportedAtOnce) {
    test::TempDir tmp;
    const auto cfg = write_cfg(tmp.path(), "two",
                               test_kernel_cfg("poweroff") + "disk = [ \"/a.img,raw,xvda,w,backend=storage\" ]\n"
                                                             "vif = [ \"model=ne2k_pci\" ]\n");
    const std::string expected =
        cfg.string() +
        ":6:10: error: disk[0]: backend \"storage\": the disk is served by that driver domain, which QEMU does not "
        "have (use --backend xen)\n"
        "    disk = [ \"/a.img,raw,xvda,w,backend=storage\" ]\n"
        "             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n" +
        cfg.string() +
        ":7:9: error: vif[0]: model \"ne2k_pci\" has no QEMU device domfw run knows (e1000, rtl8139, virtio-net): "
        "write one of them, or use --backend xen\n"
        "    vif = [ \"model=ne2k_pci\" ]\n"
        "            ^~~~~~~~~~~~~~~~\n";
    for (const char* how : {"--print", "--json", "--accel tcg --timeout 5"}) {
        SCOPED_TRACE(how);
        const auto r = domfw(test::quoted(cfg) + " " + how, tmp.path());
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, expected);
    }
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().extension(), ".cfg") << e.path();
}

// A PV guest has no plan: refused before the build whatever the backend (no QEMU, no xl needed).
TEST(RunDevices, PvIsRefusedBeforeTheBuildForBothBackends) {
    test::TempDir tmp;
    const auto cfg = write_cfg(tmp.path(), "pv", "type = \"pv\"\nmemory = 64\nkernel = \"" + kKernel.string() + "\"\n");
    for (const char* backend : {"qemu", "xen"}) {
        const auto r = domfw(test::quoted(cfg) + " --print --backend " + backend, tmp.path());
        EXPECT_EQ(r.status, 1) << backend;
        EXPECT_EQ(r.err, cfg.string() +
                             ":2:8: error: type = \"pv\": a PV guest has no guest-physical layout to plan; use \"pvh\" "
                             "or \"hvm\"\n    type = \"pv\"\n           ^~~~\n")
            << backend;
    }
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().extension(), ".cfg") << e.path();
}

// OVMF is the host's: a missing image (Debian's default path, or the one named) is refused
// before the build, so -o DIR is not written; the options name images elsewhere.
TEST(RunDevices, MissingOvmfIsRefusedBeforeAnythingIsWritten) {
    test::TempDir tmp;
    const auto cfg = write_cfg(tmp.path(), "ovmf", "type = \"hvm\"\nmemory = 128\nfirmware = \"ovmf\"\n");
    const fs::path out = tmp.path() / "out";
    const fs::path code = tmp.path() / "CODE.fd";
    const fs::path vars = tmp.path() / "VARS.fd";
    auto r = domfw(test::quoted(cfg) + " --print -o " + test::quoted(out) + " --ovmf-code " + test::quoted(code) +
                       " --ovmf-vars " + test::quoted(vars),
                   tmp.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "domfw: " + cfg.string() + ": firmware ovmf: " + code.string() +
                         " is missing (Debian: apt install ovmf; elsewhere name the image with --ovmf-code)\n");
    EXPECT_FALSE(fs::exists(out));
    std::ofstream(code) << "code";
    r = domfw(test::quoted(cfg) + " --print -o " + test::quoted(out) + " --ovmf-code " + test::quoted(code) +
                  " --ovmf-vars " + test::quoted(vars),
              tmp.path());
    EXPECT_EQ(r.err, "domfw: " + cfg.string() + ": firmware ovmf: " + vars.string() +
                         " is missing (Debian: apt install ovmf; elsewhere name the image with --ovmf-vars)\n");
    EXPECT_FALSE(fs::exists(out));
    // Both named and present: the command maps them, and the guest gets its own copy of the store.
    std::ofstream(vars) << "vars";
    r = domfw(test::quoted(cfg) + " --print -o " + test::quoted(out) + " --ovmf-code " + test::quoted(code) +
                  " --ovmf-vars " + test::quoted(vars),
              tmp.path());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("readonly=on,file=" + code.string()), std::string::npos) << r.out;
    EXPECT_EQ(slurp(out / "OVMF_VARS.fd"), "vars");
}

TEST_F(RunE2e, BrokenPassThroughFailsBeforeQemuWithFileOffsetAndReason) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    std::string t(40, '\0');
    t.replace(0, 4, "SSDT");
    t[4] = 40;
    t[9] = static_cast<char>(0x9b); // the right checksum is 0x9a
    std::ofstream(tmp_.path() / "bad-ssdt.bin", std::ios::binary) << t;
    const auto cfg =
        write_cfg(tmp_.path(), "badacpi", "type = \"hvm\"\nmemory = 128\nacpi_firmware = \"bad-ssdt.bin\"\n");
    const auto r = domfw(test::quoted(cfg) + " --accel tcg --timeout 60", tmp_.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, cfg.string() + ":4:17: error: acpi_firmware '" + (tmp_.path() / "bad-ssdt.bin").string() +
                         "': table 0 'SSDT' at offset 0x0: checksum 0x9b is wrong, should be 0x9a\n"
                         "    acpi_firmware = \"bad-ssdt.bin\"\n                    ^~~~~~~~~~~~~~\n");
    EXPECT_EQ(r.out, "");
    for (const auto& e : fs::directory_iterator(tmp_.path()))
        EXPECT_TRUE(e.path().extension() == ".cfg" || e.path().extension() == ".bin") << e.path();
}

// Starts argv with -S and a QMP socket, quits it through QMP; QEMU's exit status and stderr.
std::pair<int, std::string> start_and_quit(std::vector<std::string> argv, const fs::path& dir) {
    const fs::path sock = dir / "qmp.sock";
    const fs::path err = dir / "qemu.err";
    argv.insert(argv.end(), {"-S", "-qmp", "unix:" + sock.string() + ",server=on,wait=off"});
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::freopen("/dev/null", "r", stdin);
        std::freopen("/dev/null", "w", stdout);
        std::freopen(err.c_str(), "w", stderr);
        std::vector<char*> a;
        for (auto& s : argv)
            a.push_back(s.data());
        a.push_back(nullptr);
        ::execvp(a[0], a.data());
        ::_exit(127);
    }
    int fd = -1;
    for (int i = 0; i < 500 && fd < 0; ++i) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(err)};
        const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
        if (::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
            fd = s;
        } else {
            ::close(s);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    if (fd >= 0) {
        const std::string cmds = "{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n";
        EXPECT_EQ(::write(fd, cmds.data(), cmds.size()), static_cast<ssize_t>(cmds.size()));
    } else {
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (fd >= 0) ::close(fd);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(err)};
}

TEST_F(RunE2e, EveryPrintedCommandIsAcceptedByQemu) {
    if (!have_hvmloader()) GTEST_SKIP() << "xen-utils-4.17 (hvmloader) is not installed";
    const std::string host = (kFirmware / "laptop-host").string();
    { std::ofstream(tmp_.path() / "disk a.img", std::ios::binary) << std::string(1 << 20, '\0'); }
    { std::ofstream(tmp_.path() / "cd,b.iso", std::ios::binary) << std::string(1 << 20, '\0'); }
    const std::string disk = (tmp_.path() / "disk a.img").string();
    const std::string cd = (tmp_.path() / "cd,b.iso").string(); // a comma QEMU must read as one
    const std::vector<std::pair<std::string, std::string>> cases{
        {"hvm-seabios", "type = \"hvm\"\nmemory = 256\nvcpus = 2\nfirmware_source = \"" + host +
                            "\"\nsmbios_passthrough = [ \"0-3\", \"11\" ]\nacpi_passthrough = [ \"SLIC\", \"MSDM\", "
                            "\"SSDT:oem_table_id=PtidDevc\" ]\nsmbios = [ \"bios_vendor=x\", \"oem=a,b\" ]\n"},
        {"hvm-ovmf",
         "type = \"hvm\"\nmemory = 256\nfirmware = \"ovmf\"\nuuid = \"6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d\"\n"
         "disk = [ \"" +
             disk + ",raw,xvda,w\", \"format=raw,vdev=hdc,devtype=cdrom,target=" + cd +
             "\" ]\nvif = [ \"mac=00:16:3e:12:34:56,model=e1000\", \"model=virtio-net\" ]\nboot = \"dc\"\n"},
        {"hvm-direct", "type = \"hvm\"\nmemory = 128\nkernel = \"" + kKernel.string() + "\"\nramdisk = \"" +
                           (kFirmware / "ramdisk.img").string() + "\"\ncmdline = \"console=ttyS0\"\n"},
        {"pvh-loader", "type = \"pvh\"\nmemory = 256\nkernel = \"" + kKernel.string() + "\"\nramdisk = \"" +
                           (kFirmware / "ramdisk.img").string() +
                           "\"\ncmdline = \"console=hvc0\"\nfirmware_source = \"" + host +
                           "\"\nsmbios_passthrough = [ \"0-3\", \"11\" ]\nacpi_passthrough = [ \"SLIC\" ]\n"},
        {"pvh-direct", test_kernel_cfg("poweroff")},
    };
    const bool ovmf = fs::exists("/usr/share/OVMF/OVMF_CODE_4M.fd");
    for (const auto& [name, body] : cases) {
        if (name == "hvm-ovmf" && !ovmf) continue; // Debian's ovmf package (scripts/setup) is missing
        for (const char* machine : {"pc", "q35"}) {
            SCOPED_TRACE(name + " " + machine);
            const auto cfg = write_cfg(tmp_.path(), name, body);
            const fs::path out = tmp_.path() / (name + "-" + machine + "-out");
            const auto r =
                domfw(test::quoted(cfg) + " --accel tcg --json --machine " + machine + " -o " + test::quoted(out));
            ASSERT_EQ(r.status, 0) << r.err;
            auto argv = nlohmann::json::parse(r.out)["argv"].get<std::vector<std::string>>();
            const auto [status, err] = start_and_quit(argv, tmp_.path());
            EXPECT_EQ(status, 0) << err;
            EXPECT_EQ(err, "");
        }
    }
}

// Runs domfw in the background (TMPDIR = dir), waits for `line` in its console file, sends `sig`.
int interrupt_after(const fs::path& cfg, const fs::path& dir, const std::string& line, int sig) {
    const fs::path console = dir / "console.txt";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("TMPDIR", dir.c_str(), 1);
        std::freopen("/dev/null", "w", stdout);
        std::freopen((dir / "domfw.err").c_str(), "w", stderr);
        const std::string exe = test::domfw_exe().string();
        ::execl(exe.c_str(), exe.c_str(), "run", cfg.c_str(), "--accel", "tcg", "--console", console.c_str(), nullptr);
        ::_exit(127);
    }
    for (int i = 0; i < 3000 && slurp(console).find(line) == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_NE(slurp(console).find(line), std::string::npos) << slurp(dir / "domfw.err");
    ::kill(pid, sig);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(RunE2e, CtrlCAndSigtermStopQemuAndRemoveTheTemporaryBuild) {
    const fs::path cfgs = tmp_.path() / "cfgs";
    fs::create_directories(cfgs);
    const auto cfg = write_cfg(cfgs, "hang", test_kernel_cfg("hang"));
    for (const int sig : {SIGINT, SIGTERM}) {
        const fs::path dir = tmp_.path() / ("sig" + std::to_string(sig));
        fs::create_directories(dir);
        EXPECT_EQ(interrupt_after(cfg, dir, "test-kernel: hanging", sig), 128 + sig);
        EXPECT_NE(
            slurp(dir / "domfw.err").find("hang.cfg: stopped by signal " + std::to_string(sig) + "; QEMU stopped"),
            std::string::npos)
            << slurp(dir / "domfw.err");
        EXPECT_TRUE(processes_naming(dir.string()).empty()) << "a process still names " << dir;
        for (const auto& e : fs::directory_iterator(dir))
            EXPECT_TRUE(e.path().filename() == "console.txt" || e.path().filename() == "domfw.err") << e.path();
    }
}

// xl stand-in: `-N create CFG` is the peer's dry run (../shared/tools/xl-dryrun); `info` fails as
// it does without a hypervisor.
fs::path fake_xl(const fs::path& dir) {
    const fs::path xl = dir / "xl";
    std::ofstream(xl) << "#!/bin/sh\n"
                         "if [ \"$1\" = info ]; then echo 'xencall: error: Could not obtain handle on privileged "
                         "command interface: No such file or directory' >&2; exit 1; fi\n"
                         "[ \"$1\" = -N ] && [ \"$2\" = create ] && exec '"
                      << (test::shared_dir() / "tools/xl-dryrun/xl_dryrun.sh").string() << "' \"$3\"\nexit 3\n";
    fs::permissions(xl, fs::perms::owner_all);
    return xl;
}

TEST(RunXen, DryRunHandsTheBuildToXlAndWithoutXenSaysWhatIsMissing) {
    if (!fs::exists(test::shared_dir() / "tools/xl-dryrun/xl_dryrun.sh")) GTEST_SKIP() << "no ../shared";
    if (!fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xen-utils-4.17 is not installed";
    test::TempDir tmp;
    const auto xl = fake_xl(tmp.path());
    test::RunOptions o;
    o.merge_stderr = false;
    o.env.emplace_back("DOMFW_XL", xl.string());
    o.env.emplace_back("DOMFW_LOADER", DOMFW_LOADER_ELF);
    const auto cfg = (fs::path(DOMFW_SOURCE_DIR) / "examples/pvh-host-passthrough.cfg").string();
    const fs::path out = tmp.path() / "out";
    auto r = test::run(
        test::domfw_command("run " + test::quoted(cfg) + " --backend xen --dry-run -o " + test::quoted(out)), o);
    ASSERT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
    EXPECT_EQ(j["b_info"]["kernel"], (out / "domfw-loader.elf").string()) << r.out;
    EXPECT_EQ(j["b_info"]["ramdisk"], (out / "bundle.dfwb").string()) << r.out;
    r = test::run(test::domfw_command("run " + test::quoted(cfg) + " --backend xen"), o);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "domfw: backend xen: `" + xl.string() +
                         " info` failed (exit 1): xencall: error: Could not obtain handle on privileged command "
                         "interface: No such file or directory: this is not a Xen dom0 with its toolstack running (the "
                         "hypervisor, /dev/xen/privcmd and xenstored); use --backend qemu, or --dry-run to check the "
                         "config only\n");
    r = test::run(test::domfw_command("run " + test::quoted(cfg) + " --dry-run"), o);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "domfw run: --dry-run needs --backend xen\n");
}

// Each device run refuses under QEMU is one xl accepts: the xen backend takes the same config
// (xl -N create through the xl dry run), as the refusals' "use --backend xen" says.
TEST(RunXen, WhatQemuRefusesTheXenBackendTakes) {
    if (!fs::exists(test::shared_dir() / "tools/xl-dryrun/xl_dryrun.sh")) GTEST_SKIP() << "no ../shared";
    if (!fs::exists("/usr/lib/xen-4.17/bin/xl")) GTEST_SKIP() << "xen-utils-4.17 is not installed";
    test::TempDir tmp;
    test::RunOptions o;
    o.merge_stderr = false;
    o.env.emplace_back("DOMFW_XL", fake_xl(tmp.path()).string());
    o.env.emplace_back("DOMFW_LOADER", DOMFW_LOADER_ELF);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"script", "disk = [ \"vdev=xvdb, script=block-drbd, target=r0\" ]\n"},
        {"prefix", "disk = [ \"iscsi:iqn.2001-05.com.example:disk,xvda,w\" ]\n"},
        {"backend", "disk = [ \"/a.img,raw,xvda,w,backend=storage\" ]\n"},
        {"colo", "disk = [ \"/a.img,raw,xvda,w,colo,colo-host=h,colo-port=9000,colo-export=e,active-disk=/x,"
                 "hidden-disk=/y\" ]\n"},
        {"model", "vif = [ \"model=ne2k_pci\" ]\n"},
    };
    for (const auto& [name, devices] : cases) {
        SCOPED_TRACE(name);
        const auto cfg = test::quoted(write_cfg(tmp.path(), name, test_kernel_cfg("poweroff") + devices));
        auto r = test::run(test::domfw_command("run " + cfg + " --backend qemu --print"), o);
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.err.find("use --backend xen"), std::string::npos) << r.err;
        r = test::run(test::domfw_command("run " + cfg + " --backend xen --dry-run -o " +
                                          test::quoted(tmp.path() / (name + "-out"))),
                      o);
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.out.find(name == "model" ? "\"ne2k_pci\"" : "\"xvd"), std::string::npos) << r.out;
    }
}

} // namespace
