// What domfw says a `bootloader = ...` guest boots, for the `xen` tests' PV guest
// (docs/xen-harness.md): the config as `domfw check` interprets it, its bootloader run exactly as
// libxl runs it (domain::run_bootloader: libxl's argv, the hints, the answer format), on DISK.
//   xen_bootloader_probe XL.CFG DISK
// DISK is given here because domfw does not model `disk`. Prints, on success (exit 0):
//   bootloader PROGRAM
//   kernel-version VERSION   (the "Linux version" string inside the extracted kernel)
//   kernel-bytes N
//   ramdisk-bytes N          (when the bootloader named a ramdisk)
//   args TEXT                (when it gave a command line)
// On an error in the config or of the bootloader: "error: MESSAGE" on stdout, exit 1.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "domain/bootloader.hpp"
#include "domain/load.hpp"

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// "Linux version 6.1.0-40-amd64 (debian-kernel@...) ...": the release, as `uname -r` prints it.
std::string linux_version(const std::string& kernel) {
    constexpr std::string_view kTag = "Linux version ";
    auto at = kernel.find(kTag);
    if (at == std::string::npos) return "unknown";
    auto from = at + kTag.size();
    auto end = kernel.find_first_of(std::string_view(" \0", 2), from);
    return kernel.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

int fail(const std::string& message) {
    fmt::print("error: {}\n", message);
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    using namespace domfw;
    if (argc != 3) {
        fmt::print(stderr, "usage: xen_bootloader_probe XL.CFG DISK\n");
        return 2;
    }
    auto r = domain::load(argv[1], domain::LoadOptions{});
    if (!r.ok()) return fail(r.diagnostics.render_all(r.source, {}));
    const auto& c = r.config;
    if (c.boot != domain::BootMethod::bootloader)
        return fail(fmt::format("{}: boot method {}, not a bootloader", argv[1], domain::to_string(c.boot)));
    domain::BootloaderRequest req;
    req.program = domain::bootloader_program(*c.bootloader, domain::kDefaultBootloaderDir);
    if (c.bootloader_args.is_set()) req.args = *c.bootloader_args;
    if (c.kernel) req.kernel_hint = c.kernel->written;
    if (c.ramdisk) req.ramdisk_hint = c.ramdisk->written;
    if (c.cmdline.is_set()) req.cmdline = *c.cmdline;
    req.disk = argv[2];
    req.timeout = std::chrono::milliseconds(120000);
    auto res = domain::run_bootloader(req);
    if (!res) return fail(res.error().message);
    const auto& a = res->answer();
    auto kernel = slurp(a.kernel);
    fmt::print("bootloader {}\nkernel-version {}\nkernel-bytes {}\n", req.program.string(), linux_version(kernel),
               kernel.size());
    if (a.ramdisk) fmt::print("ramdisk-bytes {}\n", std::filesystem::file_size(*a.ramdisk));
    if (a.args) fmt::print("args {}\n", *a.args);
    return 0;
}
