// The slow tier of the guest-side loader (#12; label guest-linux): Debian's Linux kernel, booted
// under QEMU TCG through domfw-loader.elf and the bundle `domfw build` wrote for a PVH config, must
// show the SMBIOS pass-through byte for byte in /sys/firmware/dmi/tables, with none of the
// capture's serial numbers or UUID, and dmidecode must print the passed OEM strings. The guest is
// guest/build-image's (Debian's vmlinuz + a busybox initramfs whose /init prints "domfw-guest: "
// lines); every check reads those lines, the bundle (with the project's one module reader) and the
// loader's own report on the same console.
//
//   guest_linux_test smbios NAME FIRMWARE_SOURCE [MACHINES]   MACHINES: pc,q35 (the default), pc or q35
//   guest_linux_test acpi NAME FIRMWARE_SOURCE [MACHINES]     the ACPI merge (tests/guest/fixtures/
//                                                             domf0001.aml added to the source's tables)
//
// Exit status: 0 passed, 1 failed (each failure on stderr), 77 skipped (no qemu-system-x86_64, no
// kernel in /boot, or a ../shared source that is absent). Every QEMU run is bounded by timeout(1).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/module_reader.hpp"
#include "core/sha256.hpp"
#include "core/smbios_walk.hpp"
#include "domfw/abi/module.h"
#include "hostfw/host_firmware.hpp"
#include "run.hpp"
#include "smbios/identity.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace domfw;
using domfw::test::quoted;
using domfw::test::run;

namespace {

constexpr int kSkip = 77;
// Seconds one boot may take before timeout(1) stops QEMU: a TCG boot through the loader takes
// about 5 s to /init on an idle 2-core host and 10-15 s on a loaded one.
constexpr int kBootTimeout = 150;

int g_failures = 0;

void fail(const std::string& what) {
    (void)std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++g_failures;
}

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string hex_of(core::Bytes b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
        s += digits[c >> 4];
        s += digits[c & 15];
    }
    return s;
}

std::string sha256_hex(core::Bytes b) {
    core::Sha256 h;
    h.update(b);
    const auto d = h.finish();
    return hex_of(core::Bytes(d.data(), d.size()));
}

std::optional<std::vector<std::uint8_t>> from_hex(const std::string& s) {
    if (s.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < s.size(); i += 2) {
        const auto v = std::strtoul(s.substr(i, 2).c_str(), nullptr, 16);
        if (!std::isxdigit(static_cast<unsigned char>(s[i])) || !std::isxdigit(static_cast<unsigned char>(s[i + 1])))
            return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool have(const char* tool) {
    return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// What the guest printed: every "domfw-guest: " line (the prefix and what precedes it on the line,
// such as SeaBIOS's terminal escapes, removed) and every "domfw-loader: " line.
struct Console {
    std::string raw;
    std::vector<std::string> guest;
    std::vector<std::string> loader;
};

Console parse_console(const std::string& raw) {
    Console c;
    c.raw = raw;
    std::istringstream in(raw);
    std::string line;
    while (std::getline(in, line)) {
        line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
        if (const auto p = line.find("domfw-guest: "); p != std::string::npos)
            c.guest.push_back(line.substr(p + 13));
        else if (const auto q = line.find("domfw-loader: "); q != std::string::npos)
            c.loader.push_back(line.substr(q + 14));
    }
    return c;
}

std::string tail(const std::string& s, std::size_t n = 3000) { return s.size() <= n ? s : s.substr(s.size() - n); }

// The guest's lines starting with `key ` (the key removed).
std::vector<std::string> lines_of(const Console& c, const std::string& key) {
    std::vector<std::string> out;
    for (const auto& l : c.guest)
        if (l.starts_with(key + " ")) out.push_back(l.substr(key.size() + 1));
    return out;
}

struct Module {
    std::vector<std::uint8_t> payload;
    std::uint32_t acpi_flags = 0;
};

// The bundle's first module of `type`, read with the project's one module reader.
std::optional<Module> bundle_module_of(const std::vector<std::uint8_t>& bundle, std::uint16_t type) {
    auto b = core::read_bundle(core::Bytes(bundle.data(), bundle.size()));
    if (!b) return std::nullopt;
    for (std::uint32_t i = 0; i < b->module_count; ++i) {
        auto m = core::bundle_module(*b, i);
        if (m && m->type == type) return Module{{m->payload.begin(), m->payload.end()}, m->acpi.acpi_flags};
    }
    return std::nullopt;
}

std::vector<core::smbios::Structure> walk(core::Bytes table, bool module) {
    std::vector<core::smbios::Structure> out;
    core::smbios::StructureWalk w(table, 0, module);
    core::smbios::Structure s;
    while (w.next(s))
        out.push_back(s);
    return out;
}

bool same_but_handle(const core::smbios::Structure& a, const core::smbios::Structure& b) {
    return a.type == b.type && a.formatted.size() == b.formatted.size() &&
           std::equal(a.formatted.begin(), a.formatted.begin() + 2, b.formatted.begin()) &&
           std::equal(a.formatted.begin() + 4, a.formatted.end(), b.formatted.begin() + 4) &&
           std::equal(a.strings.begin(), a.strings.end(), b.strings.begin(), b.strings.end());
}

std::string str(core::Bytes b) { return {b.begin(), b.end()}; }

struct Boot {
    std::string machine;
    Console console;
    std::vector<std::uint8_t> dmi; // the guest's /sys/firmware/dmi/tables/DMI, from its dmi-hex lines
};

// Boots the build in `out` on `machine` and checks the frame every boot must have: begin, end, the
// DMI table reassembled from the dmi-hex lines with the length and SHA-256 the guest printed.
std::optional<Boot> boot(const fs::path& out, const std::string& machine, const fs::path& log) {
    const std::string cmd = "timeout --kill-after=5 " + std::to_string(kBootTimeout) + " qemu-system-x86_64 -machine " +
                            machine + " -m 512 -nographic -no-reboot -kernel " + quoted(out / "domfw-loader.elf") +
                            " -initrd " + quoted(out / "bundle.dfwb") + " -append 'console=ttyS0 quiet' </dev/null >" +
                            quoted(log) + " 2>&1";
    const auto ran = run(cmd);
    const auto bytes = read_bytes(log);
    Boot b{machine, parse_console(std::string(bytes.begin(), bytes.end())), {}};
    const std::string where = machine + ": ";
    if (ran.status != 0) {
        fail(where + "QEMU exited with status " + std::to_string(ran.status) + " (124: timed out after " +
             std::to_string(kBootTimeout) + " s); console tail:\n" + tail(b.console.raw));
        return std::nullopt;
    }
    const auto& g = b.console.guest;
    if (std::find(g.begin(), g.end(), "begin") == g.end() || std::find(g.begin(), g.end(), "end") == g.end()) {
        fail(where + "the guest's /init did not print both 'domfw-guest: begin' and 'end'; console tail:\n" +
             tail(b.console.raw));
        return std::nullopt;
    }
    const auto table = lines_of(b.console, "dmi-table");
    if (table.size() != 1) {
        fail(where + "expected one dmi-table line, got " + std::to_string(table.size()));
        return std::nullopt;
    }
    for (const auto& l : lines_of(b.console, "dmi-hex")) {
        std::istringstream in(l);
        std::size_t off = 0;
        std::string hex;
        in >> off >> hex;
        const auto v = from_hex(hex);
        if (!v || off != b.dmi.size()) {
            fail(where + "dmi-hex line '" + l + "' is not the next " + std::to_string(b.dmi.size()) + "-offset chunk");
            return std::nullopt;
        }
        b.dmi.insert(b.dmi.end(), v->begin(), v->end());
    }
    const std::string want = std::to_string(b.dmi.size()) + " " + sha256_hex(core::Bytes(b.dmi.data(), b.dmi.size()));
    if (table[0] != want) {
        fail(where + "the dmi-hex lines make '" + want + "', the guest's dmi-table line says '" + table[0] + "'");
        return std::nullopt;
    }
    if (b.dmi.empty()) {
        fail(where + "the guest has no DMI table; console tail:\n" + tail(b.console.raw));
        return std::nullopt;
    }
    return b;
}

// Every structure of the SMBIOS module is in the guest's table byte for byte (the handle aside:
// an overriding structure takes the platform's handle, an inserted one a free handle, as
// hvmloader does), unless the loader reported it skipped for a reason that holds under
// hvmloader's rules (docs/loader.md), which is checked here too.
void check_smbios_structures(const Boot& b, const std::vector<core::smbios::Structure>& mod) {
    const auto guest = walk(core::Bytes(b.dmi.data(), b.dmi.size()), false);
    const std::regex skipped_re(R"(smbios: module \d+ type (\d+) handle 0x([0-9a-f]+): skipped, (.*))");
    std::map<std::pair<int, int>, std::string> skipped;
    for (const auto& l : b.console.loader) {
        std::smatch m;
        if (std::regex_match(l, m, skipped_re))
            skipped[{std::stoi(m[1].str()), std::stoi(m[2].str(), nullptr, 16)}] = m[3].str();
    }
    int present = 0, skipped_ok = 0;
    for (std::size_t i = 0; i < mod.size(); ++i) {
        const auto& s = mod[i];
        if (s.type == 127) continue;
        const bool found =
            std::any_of(guest.begin(), guest.end(), [&](const auto& g) { return same_but_handle(g, s); });
        const std::string what = b.machine + ": module structure type " + std::to_string(s.type) + " handle " +
                                 std::to_string(s.handle) + " (" + std::to_string(s.size()) + " bytes)";
        const auto sk = skipped.find({s.type, s.handle});
        if (found) {
            ++present;
            if (sk != skipped.end()) fail(what + " is in the guest's table, yet the loader reported it skipped");
            continue;
        }
        if (sk == skipped.end()) {
            fail(what + " is not in the guest's table byte for byte, and the loader did not report it skipped");
            continue;
        }
        // The loader's reason must hold.
        std::smatch m;
        const std::regex shorter(R"(shorter than type \d+'s minimum 0x([0-9a-f]+))");
        const bool too_short =
            std::regex_match(sk->second, m, shorter) && s.length < std::stoi(m[1].str(), nullptr, 16);
        const bool earlier_wins = sk->second == "an earlier type " + std::to_string(s.type) + " wins" &&
                                  std::any_of(mod.begin(), mod.begin() + static_cast<std::ptrdiff_t>(i),
                                              [&](const auto& e) { return e.type == s.type; });
        if (too_short || earlier_wins)
            ++skipped_ok;
        else
            fail(what + ": the loader skipped it with a reason that does not hold: " + sk->second);
    }
    if (present == 0) fail(b.machine + ": not one structure of the SMBIOS module is in the guest's table");
    std::printf("%s: %d module structures in the guest's table byte for byte, %d skipped by hvmloader's rules\n",
                b.machine.c_str(), present, skipped_ok);
}

// None of the capture's identity values (serial numbers, asset tags, the UUID in every form) is
// in the guest's table or anywhere on its console.
void check_no_host_identity(const Boot& b, const smbios::HostIdentity& id) {
    const std::string dmi(b.dmi.begin(), b.dmi.end());
    const std::string dmi_lower = lower(dmi), console_lower = lower(b.console.raw);
    for (const auto& t : id.texts) {
        if (dmi_lower.find(lower(t)) != std::string::npos)
            fail(b.machine + ": a host identity value of the capture is in the guest's DMI table (value withheld)");
        if (console_lower.find(lower(t)) != std::string::npos)
            fail(b.machine + ": a host identity value of the capture is on the guest's console (value withheld)");
    }
    for (const auto& u : id.uuids) {
        std::string raw(u.begin(), u.end()), swapped = raw;
        std::reverse(swapped.begin(), swapped.begin() + 4);
        std::reverse(swapped.begin() + 4, swapped.begin() + 6);
        std::reverse(swapped.begin() + 6, swapped.begin() + 8);
        if (dmi.find(raw) != std::string::npos || dmi.find(swapped) != std::string::npos)
            fail(b.machine + ": the capture's system UUID is in the guest's DMI table");
    }
}

// dmidecode in the guest prints the OEM strings of the type 11 structure that won (the module's
// first type 11, unless the loader skipped it), and the system and baseboard strings of the
// module's types 1 and 2.
void check_dmidecode(const Boot& b, const std::vector<core::smbios::Structure>& mod) {
    // The module's first structure of `type`, when it is long enough to win under hvmloader's
    // rules (docs/loader.md): that one must be what the guest's dmidecode shows.
    auto merged = [&](std::uint8_t type, std::size_t min_length) -> const core::smbios::Structure* {
        for (const auto& s : mod)
            if (s.type == type) return s.formatted.size() >= min_length ? &s : nullptr;
        return nullptr;
    };
    std::vector<std::string> want_oem;
    if (const auto* t11 = merged(11, 5)) {
        const auto n = core::smbios::string_count(*t11);
        for (std::size_t i = 1; i <= n; ++i)
            want_oem.push_back(std::to_string(i) + " " +
                               str(core::smbios::string_at(*t11, static_cast<std::uint8_t>(i))));
    }
    const auto got_oem = lines_of(b.console, "dmi-oem");
    if (got_oem != want_oem) {
        std::string w, g;
        for (const auto& s : want_oem)
            w += "\n  " + s;
        for (const auto& s : got_oem)
            g += "\n  " + s;
        fail(b.machine + ": dmidecode's OEM strings in the guest:" + g + "\nexpected (the module's type 11):" + w);
    }
    // dmidecode -s prints a string as stored, with trailing blanks removed (dmidecode 3.4's
    // dmi_string): strings with other bytes than printable ASCII are not compared.
    auto field = [&](std::uint8_t type, std::size_t off, const std::string& key) {
        const auto* s = merged(type, type == 1 ? 27 : 8);
        if (s == nullptr || off >= s->formatted.size()) return;
        std::string v = str(core::smbios::string_at(*s, s->formatted[off]));
        if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) return;
        v.erase(v.find_last_not_of(' ') + 1);
        const auto got = lines_of(b.console, "dmi " + key);
        if (std::find(got.begin(), got.end(), v) == got.end())
            fail(b.machine + ": dmidecode -s " + key + " in the guest does not print the module's '" + v + "'");
    };
    field(1, 4, "system-manufacturer");
    field(1, 5, "system-product-name");
    field(1, 7, "system-serial-number");
    field(2, 4, "baseboard-manufacturer");
    field(2, 5, "baseboard-product-name");
    std::printf("%s: %zu OEM strings as expected\n", b.machine.c_str(), want_oem.size());
}

// The ACPI merge (enabled when the loader's ACPI merge lands): every table of the ACPI module is
// in the guest byte for byte (length and SHA-256 under a sysfs name starting with its signature),
// the crafted SSDT's device DOMF0001 is instantiated, and with MATCH_SLIC_OEM_IDS the FADT's OEM
// ID and OEM table ID are the SLIC's.
void check_acpi(const Boot& b, const Module& acpi) {
    const auto got = lines_of(b.console, "acpi");
    core::acpi::TableSequence seq(core::Bytes(acpi.payload.data(), acpi.payload.size()));
    std::optional<std::string> slic_oem;
    int tables = 0;
    core::acpi::TableView tv;
    while (seq.next(tv)) {
        const core::Bytes t = tv.bytes;
        const std::string sig = str(t.subspan(0, 4));
        const std::string want = std::to_string(t.size()) + " " + sha256_hex(t);
        const bool found = std::any_of(got.begin(), got.end(), [&](const std::string& l) {
            return l.starts_with(sig) && l.ends_with(" " + want);
        });
        if (!found)
            fail(b.machine + ": passed ACPI table " + sig + " (" + want + ") is not in the guest byte for byte");
        if (sig == "SLIC") slic_oem = hex_of(t.subspan(10, 6)) + " " + hex_of(t.subspan(16, 8));
        ++tables;
    }
    if (tables == 0) fail(b.machine + ": the ACPI module holds no table");
    const auto devices = lines_of(b.console, "acpi-device");
    if (std::find(devices.begin(), devices.end(), "DOMF0001:00") == devices.end())
        fail(b.machine + ": the crafted SSDT's device DOMF0001:00 is not in /sys/bus/acpi/devices");
    if ((acpi.acpi_flags & DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS) != 0) {
        if (!slic_oem) {
            fail(b.machine + ": MATCH_SLIC_OEM_IDS is set but the module has no SLIC");
        } else {
            const auto oem = lines_of(b.console, "acpi-oem");
            const bool facp =
                std::any_of(oem.begin(), oem.end(), [&](const auto& l) { return l == "FACP " + *slic_oem; });
            if (!facp) fail(b.machine + ": the guest's FACP OEM IDs are not the SLIC's (" + *slic_oem + ")");
        }
    }
    std::printf("%s: %d passed ACPI tables checked\n", b.machine.c_str(), tables);
}

} // namespace

namespace {

int run_test(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        (void)std::fprintf(stderr, "usage: guest_linux_test smbios|acpi NAME FIRMWARE_SOURCE [pc,q35|pc|q35]\n");
        return 2;
    }
    std::vector<std::string> machines;
    std::istringstream machine_list(argc == 5 ? argv[4] : "pc,q35");
    for (std::string m; std::getline(machine_list, m, ',');)
        machines.push_back(m);
    const std::string mode = argv[1], name = argv[2];
    const fs::path source = fs::absolute(argv[3]);
    if (!have("qemu-system-x86_64")) {
        std::printf("skipped: qemu-system-x86_64 is not installed\n");
        return kSkip;
    }
    if (run("ls /boot/vmlinuz-* >/dev/null 2>&1").status != 0) {
        std::printf("skipped: no kernel in /boot (Debian package linux-image-amd64)\n");
        return kSkip;
    }
    if (!fs::exists(source)) {
        std::printf("skipped: firmware source %s is absent (../shared not beside the repository?)\n", source.c_str());
        return kSkip;
    }
    // The image is shared by every test of the label: build-image rebuilds it only when an input
    // changed and serialises concurrent callers.
    const fs::path image_dir = fs::path(DOMFW_BINARY_DIR) / "guest-image";
    test::RunOptions no_merge;
    no_merge.merge_stderr = false;
    const auto image =
        run(quoted(fs::path(DOMFW_SOURCE_DIR) / "guest/build-image") + " --out " + quoted(image_dir), no_merge);
    if (image.status != 0) {
        (void)std::fprintf(stderr, "FAIL: guest/build-image exited %d: %s", image.status, image.err.c_str());
        return 1;
    }

    test::TempDir tmp("guest-linux-" + name);
    fs::path fw = source;
    std::string acpi_policy = "acpi_passthrough = [ \"SLIC\", \"MSDM\", \"SSDT\" ]\n";
    if (mode == "acpi") {
        // The source's capture plus the crafted SSDT, under the next free sysfs name.
        fw = tmp / "firmware";
        fs::copy(source, fw, fs::copy_options::recursive);
        fs::copy_file(fs::path(DOMFW_SOURCE_DIR) / "tests/guest/fixtures/domf0001.aml", fw / "acpi/tables/SSDT9");
    }
    const std::string config = "name = \"guest-linux-" + name +
                               "\"\ntype = \"pvh\"\nuuid = \"0b7e2f4a-51c3-4d8e-a9f0-3c6d1e2b4a5f\"\nmemory = 512\n"
                               "kernel = \"" +
                               (image_dir / "vmlinuz").string() + "\"\nramdisk = \"" +
                               (image_dir / "initramfs.cpio.gz").string() +
                               "\"\ncmdline = \"console=ttyS0 quiet\"\nfirmware_source = \"" + fw.string() +
                               "\"\nsmbios_passthrough = [ \"0-3\", \"11\" ]\n" + (mode == "acpi" ? acpi_policy : "");
    const fs::path cfg = tmp.write("guest.cfg", config), out = tmp / "out";
    const auto built = run(test::domfw_command("build " + quoted(cfg) + " -o " + quoted(out)));
    if (built.status != 0) {
        (void)std::fprintf(stderr, "FAIL: domfw build exited %d:\n%s", built.status, built.out.c_str());
        return 1;
    }
    const auto bundle = read_bytes(out / "bundle.dfwb");
    const auto smbios_module = bundle_module_of(bundle, DOMFW_MODULE_TYPE_SMBIOS);
    if (!smbios_module) {
        (void)std::fprintf(stderr, "FAIL: the bundle has no valid SMBIOS module\n");
        return 1;
    }
    const auto mod = walk(core::Bytes(smbios_module->payload.data(), smbios_module->payload.size()), true);
    const auto host = hostfw::load_host_firmware(source, hostfw::HostParts{true, false});
    if (!host || !host->smbios) {
        (void)std::fprintf(stderr, "FAIL: the capture %s has no readable SMBIOS\n", source.c_str());
        return 1;
    }
    const auto id = smbios::collect_identity(host->smbios->structures);
    // The privacy check must be able to fail: the capture has to hold identity values.
    if (id.empty()) {
        (void)std::fprintf(stderr, "FAIL: the capture %s holds no serial number, asset tag or UUID: choose another\n",
                           source.c_str());
        return 1;
    }
    for (const auto& machine : machines) {
        const auto b = boot(out, machine, tmp / (machine + ".log"));
        if (!b) continue;
        if (mode == "smbios") {
            check_smbios_structures(*b, mod);
            check_no_host_identity(*b, id);
            check_dmidecode(*b, mod);
        } else {
            const auto acpi = bundle_module_of(bundle, DOMFW_MODULE_TYPE_ACPI);
            if (!acpi)
                fail("the bundle has no valid ACPI module");
            else
                check_acpi(*b, *acpi);
        }
    }
    std::printf("%s %s: %d failures, %zu host identity values hunted\n", mode.c_str(), name.c_str(), g_failures,
                id.texts.size() + id.uuids.size());
    return g_failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run_test(argc, argv);
    } catch (const std::exception& e) {
        (void)std::fprintf(stderr, "FAIL: %s\n", e.what());
        return 1;
    }
}
