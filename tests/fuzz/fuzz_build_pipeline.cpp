// The whole `domfw build` pipeline on mutated host firmware: the input is a capture (SMBIOS
// structure table and ACPI tables) laid out as /sys/firmware in a temporary directory, read
// through a fixed config that passes every SMBIOS type and every ACPI table the policy allows,
// then loaded, planned and written as `domfw build` does (domain::load, make_plan, write_build).
// Invariant: none of the host's identity values (every serial number and asset tag of 8+ bytes
// that is not a placeholder, and the system UUID in both byte orders) is in any structure of the
// SMBIOS the guest gets, which is what smbios.bin and modules/smbios.dfwm hold. ACPI tables pass
// unscrubbed by design, so a value that is also in the ACPI input is not counted.
//
// Input: byte 0 bit 0 = PVH (else HVM); bytes 1-2 = n, the SMBIOS table's length (LE); then n
// bytes of SMBIOS structures; the rest = ACPI tables back to back (each cut at its length field).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "domain/load.hpp"
#include "emit/build_output.hpp"
#include "hostfw/host_firmware.hpp"
#include "plan/from_domain.hpp"
#include "plan/plan_keys.hpp"
#include "smbios/identity.hpp"

namespace fs = std::filesystem;
using namespace domfw;

namespace {

constexpr const char* kHvmloader = "/usr/lib/xen-4.17/boot/hvmloader";

void put(const fs::path& p, const std::uint8_t* data, std::size_t size) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// An SMBIOS 3.0 entry point (DSP0134 §5.2.2) announcing `length` bytes of table.
std::vector<std::uint8_t> entry_point(std::uint32_t length) {
    std::vector<std::uint8_t> ep = {'_', 'S', 'M', '3', '_', 0, 0x18, 3, 2, 0, 1, 0};
    for (int i = 0; i < 4; ++i)
        ep.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
    for (int i = 0; i < 8; ++i)
        ep.push_back(0);
    unsigned sum = 0;
    for (auto b : ep)
        sum += b;
    ep[5] = static_cast<std::uint8_t>(0x100 - sum % 0x100);
    return ep;
}

struct Workspace {
    fs::path root = fs::temp_directory_path() / fmt::format("domfw-fuzz-build-{}", ::getpid());
    Workspace() { fs::create_directories(root); }
    ~Workspace() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const bool pvh = (data[0] & 1U) != 0;
    // PVH with pass-through boots through domfw's loader: a kernel at 16 MiB, and this build's
    // domfw-loader.elf.
    const fs::path kernel = fs::path(DOMFW_SOURCE_DIR) / "examples/firmware/pvh-kernel-16m.elf";
    const fs::path loader = DOMFW_LOADER_ELF;
    if (!fs::exists(pvh ? kernel : fs::path(kHvmloader))) return 0;
    const std::size_t n = std::min<std::size_t>(std::size_t{data[1]} | std::size_t{data[2]} << 8, size - 3);
    const std::uint8_t* smbios = data + 3;
    const std::uint8_t* acpi = smbios + n;
    const std::size_t acpi_size = size - 3 - n;

    static Workspace ws;
    const fs::path src = ws.root / "src";
    fs::remove_all(src);
    fs::create_directories(src / "dmi/tables");
    fs::create_directories(src / "acpi/tables");
    const auto ep = entry_point(static_cast<std::uint32_t>(n));
    put(src / "dmi/tables/smbios_entry_point", ep.data(), ep.size());
    put(src / "dmi/tables/DMI", smbios, n);

    // ACPI tables as sysfs names them (SSDT, SSDT2, ...); the policy gets every signature it
    // does not refuse.
    std::set<std::string> sigs;
    std::vector<std::string> names;
    for (std::size_t pos = 0; pos + 8 <= acpi_size && names.size() < 8;) {
        std::string sig(reinterpret_cast<const char*>(acpi + pos), 4);
        const std::size_t len = std::clamp<std::size_t>(std::size_t{acpi[pos + 4]} | std::size_t{acpi[pos + 5]} << 8 |
                                                            std::size_t{acpi[pos + 6]} << 16,
                                                        8, acpi_size - pos);
        if (std::all_of(sig.begin(), sig.end(),
                        [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); })) {
            std::string name = sig;
            for (int k = 2; std::find(names.begin(), names.end(), name) != names.end(); ++k)
                name = fmt::format("{}{}", sig, k);
            names.push_back(name);
            put(src / "acpi/tables" / name, acpi + pos, len);
            if (sig != "DSDT" && sig != "FACP" && sig != "FACS" && sig != "RSDT" && sig != "XSDT") sigs.insert(sig);
        }
        pos += len;
    }
    std::string acpi_list;
    for (const auto& s : sigs)
        acpi_list += fmt::format("{}\"{}\"", acpi_list.empty() ? "" : ", ", s);

    const std::string boot =
        pvh ? fmt::format("type = \"pvh\"\nkernel = \"{}\"\n", kernel.string()) : "type = \"hvm\"\n";
    const std::string config =
        fmt::format("name = \"fuzz\"\n{}uuid = \"7d0e4c2a-1f3b-4a59-8c6d-9e2f1a3b5c70\"\nmemory = 256\n"
                    "firmware_source = \"{}\"\nsmbios_passthrough = [ \"0-255\" ]\n{}",
                    boot, src.string(), acpi_list.empty() ? "" : fmt::format("acpi_passthrough = [ {} ]\n", acpi_list));
    const fs::path cfg = ws.root / "guest.cfg";
    put(cfg, reinterpret_cast<const std::uint8_t*>(config.data()), config.size());

    domain::LoadOptions lo;
    lo.extension_keys = plan::build_extension_keys();
    auto loaded = domain::load(cfg, lo);
    plan::check_plan_keys(loaded, loaded.diagnostics);
    if (!loaded.ok()) return 0;
    plan::DomainPlanOptions po;
    po.hvmloader = kHvmloader;
    po.loader = loader;
    auto in = plan::plan_input_from_domain(loaded.config, po);
    if (!in) return 0; // a refused capture: an error value, which is all that is asked
    auto plan = plan::make_plan(in->input);
    if (!plan) return 0;
    const fs::path out = ws.root / "out";
    auto built = emit::write_build(loaded.document, loaded.config, *in, *plan, out);
    if (!built) return 0;

    auto host = hostfw::load_host_firmware(src);
    if (!host || !host->smbios) std::abort(); // the build read it
    const std::string acpi_input(reinterpret_cast<const char*>(acpi), acpi_size);
    std::vector<std::string> needles;
    for (const auto& s : host->smbios->structures) {
        for (const auto& f : smbios::identity_fields()) {
            if (s.type != f.type || f.offset >= s.formatted.size()) continue;
            const std::string* v = s.string(s.formatted[f.offset]);
            // 8+ bytes: shorter values meet module headers and checksums by chance.
            if (v != nullptr && v->size() >= 8 && !smbios::is_identity_placeholder(*v) &&
                v->find("DFW") == std::string::npos)
                needles.push_back(*v);
        }
        if (s.type == 1 && s.formatted.size() >= 0x18) {
            std::string u(s.formatted.begin() + 8, s.formatted.begin() + 24);
            if (u == std::string(16, '\0') || u == std::string(16, '\xff')) continue;
            needles.push_back(u);
            std::reverse(u.begin(), u.begin() + 4);
            std::reverse(u.begin() + 4, u.begin() + 6);
            std::reverse(u.begin() + 6, u.begin() + 8);
            needles.push_back(u);
        }
    }
    // The guest gets the blob's structures (each behind hvmloader's u32 length prefix): each is
    // searched on its own, so bytes that meet only across a prefix do not count.
    if (!in->smbios_blob) std::abort(); // smbios_passthrough = ["0-255"] always makes one
    const std::string blob(in->smbios_blob->begin(), in->smbios_blob->end());
    for (std::size_t pos = 0; pos + 4 <= blob.size();) {
        const auto byte = [&](std::size_t k) { return std::size_t{static_cast<std::uint8_t>(blob[pos + k])}; };
        const std::size_t len = byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
        const std::string one = blob.substr(pos + 4, len);
        for (const auto& v : needles)
            if (one.find(v) != std::string::npos && acpi_input.find(v) == std::string::npos) {
                // Fuzz data, not a host's: shown in hex to debug the scrubber.
                std::string hex;
                for (const char c : v)
                    hex += fmt::format("{:02x}", static_cast<std::uint8_t>(c));
                std::fprintf(stderr, "identity value %s of the input is in the guest's SMBIOS (type %u at %#zx)\n",
                             hex.c_str(), static_cast<unsigned>(static_cast<std::uint8_t>(one.empty() ? 0 : one[0])),
                             pos);
                std::abort();
            }
        pos += 4 + len;
    }
    // And that blob is what was written for the guest (the module holds its structures without
    // the prefixes).
    const std::string module = slurp(out / "modules/smbios.dfwm");
    for (std::size_t pos = 0; pos + 4 <= blob.size();) {
        const auto byte = [&](std::size_t k) { return std::size_t{static_cast<std::uint8_t>(blob[pos + k])}; };
        const std::size_t len = byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
        if (module.find(blob.substr(pos + 4, len)) == std::string::npos) std::abort();
        pos += 4 + len;
    }
    if (!pvh && slurp(out / "smbios.bin") != blob) std::abort();
    return 0;
}
