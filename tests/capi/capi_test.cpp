// libdomfw's C API against the shared library, as a consumer calls it: for every call its NULL
// arguments, short buffers and bad input, each with the exact status and message, then the
// results that must equal what the domfw command makes of the same inputs.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domfw/domfw.h"
#include "run.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
const fs::path kSource = DOMFW_SOURCE_DIR;
const fs::path kExamples = kSource / "examples";
const fs::path kLoader = fs::path(DOMFW_BINARY_DIR) / "src/cli/domfw-loader.elf";
const fs::path kDomfw = domfw::test::domfw_exe();

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::string hex(std::size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%#zx", n);
    return b;
}
std::string read_text(const fs::path& p) {
    auto b = read_bytes(p);
    return {b.begin(), b.end()};
}

// Runs argv (quoted for the shell) with stdout and stderr apart.
domfw::test::Ran cli(const std::vector<std::string>& argv, std::vector<std::pair<std::string, std::string>> env = {}) {
    std::string command = "exec";
    // Two appends, not " " + string: GCC 12 -O3 (release) reports a false -Wrestrict on the latter.
    for (const auto& a : argv) {
        command += ' ';
        command += domfw::test::quoted(a);
    }
    domfw::test::RunOptions o;
    o.merge_stderr = false;
    o.env = std::move(env);
    return domfw::test::run(command, o);
}

class Capi : public ::testing::Test {
protected:
    domfw_ctx* ctx = domfw_ctx_new();
    ~Capi() override { domfw_ctx_free(ctx); }
    [[nodiscard]] std::string msg() const { return domfw_ctx_message(ctx); }

    // A size-queried byte result: the size first, then the bytes.
    template <class F> std::vector<std::uint8_t> bytes(F&& call) {
        size_t need = 0;
        const domfw_status s = call(nullptr, 0, &need);
        if (s != DOMFW_OK && s != DOMFW_E_BUFFER_TOO_SMALL) {
            ADD_FAILURE() << domfw_status_name(s) << ": " << msg();
            return {};
        }
        std::vector<std::uint8_t> out(need);
        EXPECT_EQ(call(out.data(), out.size(), &need), DOMFW_OK) << msg();
        return out;
    }
    domfw_plan* plan_file(const fs::path& cfg) {
        const std::string text = read_text(cfg);
        domfw_plan_options o{sizeof o, kLoader.c_str(), nullptr, nullptr};
        domfw_plan* p = nullptr;
        EXPECT_EQ(domfw_plan_from_cfg(ctx, text.data(), text.size(), cfg.c_str(), &o, &p), DOMFW_OK) << msg();
        return p;
    }
};

// ---- version, context ------------------------------------------------------------------

TEST_F(Capi, VersionMatchesTheHeader) {
    const std::string v = std::to_string(DOMFW_VERSION_MAJOR) + "." + std::to_string(DOMFW_VERSION_MINOR) + "." +
                          std::to_string(DOMFW_VERSION_PATCH);
    EXPECT_EQ(std::string(domfw_version()), v);
    const auto r = cli({kDomfw.string(), "--version"});
    EXPECT_NE(r.out.find(v), std::string::npos) << r.out;
}

TEST_F(Capi, StatusNamesAndContext) {
    EXPECT_STREQ(domfw_status_name(DOMFW_E_BUFFER_TOO_SMALL), "DOMFW_E_BUFFER_TOO_SMALL");
    EXPECT_STREQ(domfw_status_name(static_cast<domfw_status>(15)), "unknown");
    EXPECT_STREQ(domfw_ctx_message(nullptr), "");
    EXPECT_EQ(msg(), "");
    domfw_ctx_free(nullptr);
    // Every call refuses a NULL context without touching anything.
    domfw_cfg* c = nullptr;
    EXPECT_EQ(domfw_cfg_parse(nullptr, "a = 1", 5, "x", &c), DOMFW_E_ARGUMENT);
    EXPECT_EQ(c, nullptr);
}

// ---- xl.cfg ----------------------------------------------------------------------------

TEST_F(Capi, CfgValuesAsLibxlutilReturnsThem) {
    const std::string text =
        "name = \"g\"\nmemory = 0x10\nvcpus = \"010\"\ndisk = [ \"a\", \"b\" ]\ndisk += [ \"c\" ]\n"
        "nested = [ [ \"x\" ] ]\nbig = 99999999999999999999\n";
    domfw_cfg* c = nullptr;
    ASSERT_EQ(domfw_cfg_parse(ctx, text.data(), text.size(), "g.cfg", &c), DOMFW_OK) << msg();
    char buf[16];
    size_t need = 0;
    ASSERT_EQ(domfw_cfg_get_string(ctx, c, "name", buf, sizeof buf, &need), DOMFW_OK);
    EXPECT_STREQ(buf, "g");
    EXPECT_EQ(need, 2U);
    long l = 0;
    ASSERT_EQ(domfw_cfg_get_long(ctx, c, "memory", &l), DOMFW_OK);
    EXPECT_EQ(l, 16);
    ASSERT_EQ(domfw_cfg_get_long(ctx, c, "vcpus", &l), DOMFW_OK); // a string read as a number, base 0
    EXPECT_EQ(l, 8);
    size_t n = 0;
    ASSERT_EQ(domfw_cfg_get_list_count(ctx, c, "disk", &n), DOMFW_OK);
    EXPECT_EQ(n, 3U);
    ASSERT_EQ(domfw_cfg_get_list_item(ctx, c, "disk", 2, buf, sizeof buf, &need), DOMFW_OK);
    EXPECT_STREQ(buf, "c");

    // Errors: absent, the other kind, not a number, a short buffer, past the end, nested.
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "kernel", buf, sizeof buf, &need), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: g.cfg: no key \"kernel\"");
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "disk", buf, sizeof buf, &need), DOMFW_E_WRONG_TYPE);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: g.cfg:5:9: \"disk\" is a list, not a string");
    EXPECT_EQ(domfw_cfg_get_long(ctx, c, "name", &l), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_cfg_get_long: g.cfg:1:8: \"name\": `g` is not a number");
    EXPECT_EQ(domfw_cfg_get_long(ctx, c, "big", &l), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(),
              "domfw_cfg_get_long: g.cfg:7:7: \"big\": `99999999999999999999` does not fit in a signed 64-bit number");
    EXPECT_EQ(domfw_cfg_get_long(ctx, c, "disk", &l), DOMFW_E_WRONG_TYPE);
    EXPECT_EQ(domfw_cfg_get_list_count(ctx, c, "name", &n), DOMFW_E_WRONG_TYPE);
    EXPECT_EQ(msg(), "domfw_cfg_get_list_count: g.cfg:1:8: \"name\" is a single value, not a list");
    EXPECT_EQ(domfw_cfg_get_list_item(ctx, c, "disk", 3, buf, sizeof buf, &need), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(msg(), "domfw_cfg_get_list_item: index 3 is past the last of 3 items");
    EXPECT_EQ(domfw_cfg_get_list_item(ctx, c, "nested", 0, buf, sizeof buf, &need), DOMFW_E_WRONG_TYPE);
    EXPECT_EQ(msg(), "domfw_cfg_get_list_item: g.cfg:6:12: item 0 of \"nested\" is a nested list, not a string");
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "name", buf, 1, &need), DOMFW_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(need, 2U);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: the buffer holds 1 bytes, 2 are needed (with the NUL)");
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "name", nullptr, 0, &need), DOMFW_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "name", buf, sizeof buf, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: needed is NULL");
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, "name", nullptr, 8, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: buf is NULL");
    EXPECT_EQ(domfw_cfg_get_string(ctx, c, nullptr, buf, sizeof buf, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: key is NULL");
    EXPECT_EQ(domfw_cfg_get_string(ctx, nullptr, "name", buf, sizeof buf, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_get_string: cfg is NULL");
    EXPECT_EQ(domfw_cfg_get_long(ctx, c, "memory", nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_cfg_get_list_count(ctx, c, "disk", nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_cfg_get_list_item(ctx, nullptr, "disk", 0, buf, sizeof buf, &need), DOMFW_E_ARGUMENT);
    domfw_cfg_free(c);
}

TEST_F(Capi, CfgDiagnosticsAreStructs) {
    const std::string text = "name = \"g\"\nmemory = = 3\n";
    domfw_cfg* c = nullptr;
    EXPECT_EQ(domfw_cfg_parse(ctx, text.data(), text.size(), "bad.cfg", &c), DOMFW_E_INVALID_INPUT);
    ASSERT_NE(c, nullptr); // still a handle: its diagnostics say what is wrong
    size_t n = 0;
    ASSERT_EQ(domfw_cfg_diagnostic_count(ctx, c, &n), DOMFW_OK);
    ASSERT_GE(n, 1U);
    domfw_diagnostic d{};
    ASSERT_EQ(domfw_cfg_diagnostic(ctx, c, 0, &d), DOMFW_OK);
    EXPECT_EQ(d.severity, DOMFW_SEVERITY_ERROR);
    EXPECT_STREQ(d.file, "bad.cfg");
    EXPECT_EQ(d.line, 2U);
    EXPECT_EQ(d.column, 10U);
    EXPECT_EQ(msg(), std::string("bad.cfg:2:10: ") + d.message);
    EXPECT_EQ(domfw_cfg_diagnostic(ctx, c, n, &d), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(msg(), "domfw_cfg_diagnostic: index " + std::to_string(n) + " is past the last of " + std::to_string(n) +
                         " diagnostics");
    EXPECT_EQ(domfw_cfg_diagnostic(ctx, c, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_cfg_diagnostic(ctx, nullptr, 0, &d), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_cfg_diagnostic_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_cfg_diagnostic_count(ctx, c, nullptr), DOMFW_E_ARGUMENT);
    domfw_cfg_free(c);
    domfw_cfg_free(nullptr);
    EXPECT_EQ(domfw_cfg_parse(ctx, nullptr, 3, "x", &c), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_parse: text is NULL");
    EXPECT_EQ(domfw_cfg_parse(ctx, "a = 1", 5, "x", nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_cfg_parse: out is NULL");
    // The length is the text: a NUL inside is the parser's to judge, nothing past it is read.
    ASSERT_EQ(domfw_cfg_parse(ctx, nullptr, 0, nullptr, &c), DOMFW_OK);
    domfw_cfg_free(c);
}

// ---- host firmware --------------------------------------------------------------------

TEST_F(Capi, HostSelectWithAStructAndWithKeys) {
    const fs::path laptop = kExamples / "firmware/laptop-host";
    domfw_host* h = nullptr;
    ASSERT_EQ(domfw_host_open(ctx, laptop.c_str(), &h), DOMFW_OK) << msg();
    size_t ns = 0, na = 0;
    ASSERT_EQ(domfw_host_counts(ctx, h, &ns, &na), DOMFW_OK);
    EXPECT_GT(ns, 0U);
    EXPECT_GT(na, 0U);

    const char* types[] = {"0-3", "11"};
    const char* tables[] = {"SLIC", "MSDM", "SSDT:oem_table_id=PtidDevc"};
    domfw_policy pol{sizeof pol, types, 2, tables, 3, 0, "6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d"};
    domfw_selection* s = nullptr;
    ASSERT_EQ(domfw_host_select(ctx, h, &pol, &s), DOMFW_OK) << msg();
    size_t n = 0;
    ASSERT_EQ(domfw_selection_count(ctx, s, &n), DOMFW_OK);
    std::vector<std::string> acpi;
    for (size_t i = 0; i < n; ++i) {
        domfw_selected it{};
        ASSERT_EQ(domfw_selection_item(ctx, s, i, &it), DOMFW_OK);
        if (it.kind == DOMFW_SELECTED_ACPI) acpi.emplace_back(it.acpi_signature);
    }
    EXPECT_EQ(acpi, (std::vector<std::string>{"SLIC", "MSDM", "SSDT"}));

    // The same policy as xl.cfg keys gives the same bytes: what `domfw build` writes for the
    // example, which says the same thing.
    const std::string keys =
        "uuid = \"6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d\"\nsmbios_passthrough = [ \"0-3\", \"11\" ]\n"
        "acpi_passthrough = [ \"SLIC\", \"MSDM\", \"SSDT:oem_table_id=PtidDevc\" ]\n";
    domfw_selection* s2 = nullptr;
    ASSERT_EQ(domfw_host_select_cfg(ctx, h, keys.data(), keys.size(), "keys.cfg", &s2), DOMFW_OK) << msg();
    for (int part = DOMFW_PART_SMBIOS_FIRMWARE; part <= DOMFW_PART_BUNDLE; ++part) {
        auto a = bytes([&](uint8_t* b, size_t z, size_t* need) {
            return domfw_selection_bytes(ctx, s, static_cast<domfw_selection_part>(part), b, z, need);
        });
        auto b = bytes([&](uint8_t* b2, size_t z, size_t* need) {
            return domfw_selection_bytes(ctx, s2, static_cast<domfw_selection_part>(part), b2, z, need);
        });
        EXPECT_FALSE(a.empty()) << part;
        EXPECT_EQ(a, b) << part;
    }
    domfw::test::TempDir dir;
    const auto r = cli(
        {kDomfw.string(), "build", (kExamples / "hvm-host-passthrough.cfg").string(), "-o", (dir / "out").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto smbios = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_selection_bytes(ctx, s, DOMFW_PART_SMBIOS_FIRMWARE, b, z, need);
    });
    EXPECT_EQ(smbios, read_bytes(dir / "out/smbios.bin"));
    auto bundle = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_selection_bytes(ctx, s, DOMFW_PART_BUNDLE, b, z, need);
    });
    EXPECT_EQ(bundle, read_bytes(dir / "out/bundle.dfwb"));
    size_t notes = 0;
    ASSERT_EQ(domfw_selection_note_count(ctx, s, &notes), DOMFW_OK);
    ASSERT_GT(notes, 0U);
    const char* note = nullptr;
    ASSERT_EQ(domfw_selection_note(ctx, s, 0, &note), DOMFW_OK);
    EXPECT_NE(note, nullptr);

    // Errors.
    size_t need = 0;
    uint8_t small[4];
    EXPECT_EQ(domfw_selection_bytes(ctx, s, DOMFW_PART_BUNDLE, small, sizeof small, &need), DOMFW_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(need, bundle.size());
    EXPECT_EQ(msg(), "domfw_selection_bytes: the buffer holds 0x4 bytes, " + hex(bundle.size()) + " are needed");
    EXPECT_EQ(domfw_selection_bytes(ctx, s, static_cast<domfw_selection_part>(7), small, 4, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_selection_bytes: part 7 is not a domfw_selection_part");
    EXPECT_EQ(domfw_selection_bytes(ctx, nullptr, DOMFW_PART_BUNDLE, small, 4, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_item(ctx, s, n, nullptr), DOMFW_E_ARGUMENT);
    domfw_selected it{};
    EXPECT_EQ(domfw_selection_item(ctx, s, n, &it), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(domfw_selection_item(ctx, nullptr, 0, &it), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_count(ctx, s, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_note(ctx, s, notes, &note), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(domfw_selection_note(ctx, s, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_note_count(ctx, nullptr, &notes), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_selection_note_count(ctx, s, nullptr), DOMFW_E_ARGUMENT);

    const char* bad_types[] = {"0-300"};
    domfw_policy bad{sizeof bad, bad_types, 1, nullptr, 0, 0, nullptr};
    domfw_selection* none = nullptr;
    EXPECT_EQ(domfw_host_select(ctx, h, &bad, &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(none, nullptr);
    EXPECT_EQ(
        msg(),
        "domfw_host_select: smbios_types[0]: smbios_passthrough entry \"0-300\": \"300\" is not an SMBIOS type 0..255");
    const char* refused[] = {"DSDT"};
    domfw_policy bad2{sizeof bad2, nullptr, 0, refused, 1, 0, nullptr};
    EXPECT_EQ(domfw_host_select(ctx, h, &bad2, &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(),
              "domfw_host_select: acpi_tables[0]: acpi_passthrough entry \"DSDT\": DSDT is the guest's own table; "
              "passing the host's would replace it, so it is refused");
    domfw_policy old{sizeof(size_t), nullptr, 0, nullptr, 0, 0, nullptr};
    EXPECT_EQ(domfw_host_select(ctx, h, &old, &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_host_select: policy->size is 8, this library's domfw_policy has " +
                         std::to_string(sizeof(domfw_policy)) + " bytes");
    domfw_policy nulls{sizeof nulls, nullptr, 2, nullptr, 0, 0, nullptr};
    EXPECT_EQ(domfw_host_select(ctx, h, &nulls, &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_host_select: policy->smbios_types is NULL");
    EXPECT_EQ(domfw_host_select(ctx, h, nullptr, &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_select(ctx, nullptr, &pol, &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_select(ctx, h, &pol, nullptr), DOMFW_E_ARGUMENT);
    const std::string nothing = "name = \"x\"\n";
    EXPECT_EQ(domfw_host_select_cfg(ctx, h, nothing.data(), nothing.size(), "/x/n.cfg", &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_host_select_cfg: /x/n.cfg: neither smbios_passthrough nor acpi_passthrough is set");
    const std::string bad_keys = "acpi_passthrough = [ \"FACP\" ]\n";
    EXPECT_EQ(domfw_host_select_cfg(ctx, h, bad_keys.data(), bad_keys.size(), "b.cfg", &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(),
              "domfw_host_select_cfg: b.cfg:1:22: error: acpi_passthrough entry \"FACP\": FACP is the guest's own "
              "table; passing the host's would replace it, so it is refused\n    acpi_passthrough = [ \"FACP\" ]\n"
              "                         ^~~~~~\n");
    EXPECT_EQ(domfw_host_select_cfg(ctx, h, nullptr, 4, "b.cfg", &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_select_cfg(ctx, nullptr, "", 0, "b.cfg", &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_select_cfg(ctx, h, "", 0, "b.cfg", nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_counts(ctx, nullptr, &ns, &na), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_counts(ctx, h, nullptr, &na), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_host_counts(ctx, h, &ns, nullptr), DOMFW_E_ARGUMENT);
    domfw_selection_free(s);
    domfw_selection_free(s2);
    domfw_selection_free(nullptr);
    domfw_host_free(h);

    domfw::test::TempDir empty("capi-empty-host");
    EXPECT_EQ(domfw_host_open(ctx, empty.path().c_str(), &h), DOMFW_E_IO);
    EXPECT_EQ(h, nullptr);
    const std::string e = empty.path().string();
    EXPECT_EQ(msg(),
              "domfw_host_open: " + e + ": no SMBIOS and no ACPI tables found\n  SMBIOS: " + e +
                  ": expected the /sys/firmware layout (dmi/tables/), smbios_entry_point + DMI, or one entry point "
                  "file and one table file; found 0 entry point file(s) and 0 other file(s)\n  ACPI: " +
                  e +
                  ": no ACPI table files (expected files named like /sys/firmware/acpi/tables: DSDT, FACP, SSDT1, "
                  "...; or *.dat, *.aml, *.bin)");
    EXPECT_EQ(domfw_host_open(ctx, laptop.c_str(), nullptr), DOMFW_E_ARGUMENT);
    domfw_host_free(nullptr);
}

// ---- modules and bundles --------------------------------------------------------------

TEST_F(Capi, ModulesAndBundlesRoundTrip) {
    const std::vector<std::uint8_t> payload{'h', 'i'};
    auto blob = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_blob(ctx, "cloud-init", payload.data(), payload.size(), "ds=nocloud", b, z, need);
    });
    const auto smbios_fw = read_bytes(kExamples / "firmware/smbios.bin");
    auto smbios = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_smbios(ctx, smbios_fw.data(), smbios_fw.size(), b, z, need);
    });
    const auto acpi_fw = read_bytes(kExamples / "firmware/acpi.bin");
    auto acpi = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_acpi(ctx, acpi_fw.data(), acpi_fw.size(), b, z, need);
    });
    const uint8_t* mods[] = {acpi.data(), smbios.data(), blob.data()};
    const size_t lens[] = {acpi.size(), smbios.size(), blob.size()};
    auto bundle = bytes(
        [&](uint8_t* b, size_t z, size_t* need) { return domfw_bundle_write(ctx, mods, lens, 3, 0x1000, b, z, need); });

    domfw_image* img = nullptr;
    ASSERT_EQ(domfw_image_open(ctx, bundle.data(), bundle.size(), &img), DOMFW_OK) << msg();
    int is_bundle = 0;
    ASSERT_EQ(domfw_image_is_bundle(ctx, img, &is_bundle), DOMFW_OK);
    EXPECT_EQ(is_bundle, 1);
    size_t n = 0;
    ASSERT_EQ(domfw_image_module_count(ctx, img, &n), DOMFW_OK);
    ASSERT_EQ(n, 3U);
    domfw_module_info m{};
    ASSERT_EQ(domfw_image_module(ctx, img, 0, &m), DOMFW_OK);
    EXPECT_STREQ(m.type_name, "acpi");
    EXPECT_EQ(m.length, acpi.size());
    ASSERT_EQ(domfw_image_module(ctx, img, 2, &m), DOMFW_OK);
    EXPECT_STREQ(m.type_name, "blob");
    EXPECT_STREQ(m.blob_name, "cloud-init");
    EXPECT_STREQ(m.blob_cmdline, "ds=nocloud");
    EXPECT_EQ(m.payload_offset % 0x1000, 0U);
    EXPECT_EQ(m.payload_length, 2U);
    EXPECT_EQ(0, std::memcmp(bundle.data() + m.payload_offset, "hi", 2));
    // The inspector's JSON is `domfw module inspect --json`'s.
    domfw::test::TempDir dir;
    const fs::path file = dir.write("b.dfwb", std::string(bundle.begin(), bundle.end()));
    const auto r = cli({kDomfw.string(), "module", "inspect", "--json", file.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto json = bytes([&](uint8_t* b, size_t z, size_t* need) {
        return domfw_image_inspect_json(ctx, img, 0, reinterpret_cast<char*>(b), z, need); // NOLINT
    });
    ASSERT_FALSE(json.empty());
    EXPECT_EQ(std::string(json.begin(), json.end() - 1) + "\n", r.out);

    // Errors.
    EXPECT_EQ(domfw_image_module(ctx, img, 3, &m), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(msg(), "domfw_image_module: index 3 is past the last of 3 modules");
    EXPECT_EQ(domfw_image_module(ctx, img, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_image_module(ctx, nullptr, 0, &m), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_image_module_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_image_module_count(ctx, img, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_image_is_bundle(ctx, nullptr, &is_bundle), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_image_is_bundle(ctx, img, nullptr), DOMFW_E_ARGUMENT);
    char small[8];
    size_t need = 0;
    EXPECT_EQ(domfw_image_inspect_json(ctx, img, 0, small, sizeof small, &need), DOMFW_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(need, json.size());
    EXPECT_EQ(domfw_image_inspect_json(ctx, nullptr, 0, small, sizeof small, &need), DOMFW_E_ARGUMENT);
    domfw_image_free(img);
    domfw_image_free(nullptr);

    auto broken = bundle;
    broken[40] ^= 1U; // in the directory: its CRC no longer holds
    domfw_image* none = nullptr;
    EXPECT_EQ(domfw_image_open(ctx, broken.data(), broken.size(), &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(none, nullptr);
    EXPECT_EQ(msg(), "domfw_image_open: bundle: bundle CRC-32C 0xe7daadab does not match the computed 0x3a1ab880");
    auto trailing = blob;
    trailing.push_back(0);
    EXPECT_EQ(domfw_image_open(ctx, trailing.data(), trailing.size(), &none), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_image_open: module: 0x1 trailing bytes after total_length " + hex(blob.size()));
    EXPECT_EQ(domfw_image_open(ctx, nullptr, 0, &none), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_image_open: data is NULL");
    EXPECT_EQ(domfw_image_open(ctx, blob.data(), blob.size(), nullptr), DOMFW_E_ARGUMENT);

    EXPECT_EQ(domfw_module_write_blob(ctx, "two words", payload.data(), 2, nullptr, nullptr, 0, &need),
              DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(
        msg(),
        "domfw_module_write_blob: cannot write blob module: blob name byte at offset 0x1b is 0x20, not a printable "
        "non-space character");
    EXPECT_EQ(domfw_module_write_blob(ctx, nullptr, payload.data(), 2, nullptr, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_module_write_blob: name is NULL");
    EXPECT_EQ(domfw_module_write_blob(ctx, "x", nullptr, 2, nullptr, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_module_write_blob(ctx, "x", payload.data(), 2, nullptr, nullptr, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_module_write_blob: needed is NULL");
    EXPECT_EQ(domfw_module_write_blob(ctx, "x", payload.data(), 2, nullptr, nullptr, 0, &need),
              DOMFW_E_BUFFER_TOO_SMALL);
    auto short_smbios = smbios_fw;
    short_smbios.resize(10);
    EXPECT_EQ(domfw_module_write_smbios(ctx, short_smbios.data(), short_smbios.size(), nullptr, 0, &need),
              DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(),
              "domfw_module_write_smbios: smbios_firmware: entry 0 at offset 0x0: length prefix 0x3e runs past the end "
              "of the file (0x6 bytes left)");
    EXPECT_EQ(domfw_module_write_smbios(ctx, nullptr, 0, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_module_write_smbios: smbios_firmware is NULL");
    auto bad_acpi = acpi_fw;
    bad_acpi[9] ^= 1U; // the first table's checksum byte
    EXPECT_EQ(domfw_module_write_acpi(ctx, bad_acpi.data(), bad_acpi.size(), nullptr, 0, &need), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(),
              "domfw_module_write_acpi: acpi_firmware: table 0 'SLIC' at offset 0x0: checksum 0xb7 is wrong, should be "
              "0xb6");
    EXPECT_EQ(domfw_module_write_acpi(ctx, nullptr, 0, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    const uint8_t* bad_mods[] = {broken.data()};
    const size_t bad_lens[] = {broken.size()};
    EXPECT_EQ(domfw_bundle_write(ctx, bad_mods, bad_lens, 1, 0, nullptr, 0, &need), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_bundle_write: modules[0]: module: no \"DFWM\" signature at offset 0x0: not a module");
    EXPECT_EQ(domfw_bundle_write(ctx, mods, lens, 3, 3, nullptr, 0, &need), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_bundle_write: cannot write bundle: payload alignment 0x3 is not a power of two >= 8");
    const uint8_t* null_mod[] = {nullptr};
    EXPECT_EQ(domfw_bundle_write(ctx, null_mod, lens, 1, 0, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_bundle_write: modules[0] is NULL");
    EXPECT_EQ(domfw_bundle_write(ctx, nullptr, lens, 1, 0, nullptr, 0, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_bundle_write(ctx, mods, nullptr, 1, 0, nullptr, 0, &need), DOMFW_E_ARGUMENT);
}

// ---- the plan -------------------------------------------------------------------------

// Every artifact equals the file `domfw build` writes for the same config.
TEST_F(Capi, PlanEqualsTheBuild) {
    for (const char* name : {"hvm-host-passthrough.cfg", "pvh-host-passthrough.cfg"}) {
        SCOPED_TRACE(name);
        const fs::path cfg = kExamples / name;
        domfw_plan* p = plan_file(cfg);
        ASSERT_NE(p, nullptr);
        domfw::test::TempDir dir;
        const auto r = cli({kDomfw.string(), "build", cfg.string(), "-o", (dir / "out").string()},
                           {{"DOMFW_LOADER", kLoader.string()}});
        ASSERT_EQ(r.status, 0) << r.err;
        const std::pair<domfw_plan_part, const char*> files[] = {{DOMFW_PLAN_START_INFO, "start_info.bin"},
                                                                 {DOMFW_PLAN_BUNDLE, "bundle.dfwb"},
                                                                 {DOMFW_PLAN_XENSTORE_TEXT, "xenstore.txt"},
                                                                 {DOMFW_PLAN_JSON, "plan.json"}};
        for (const auto& [part, file] : files) {
            auto b = bytes(
                [&](uint8_t* buf, size_t z, size_t* need) { return domfw_plan_bytes(ctx, p, part, buf, z, need); });
            EXPECT_EQ(b, read_bytes(dir / "out" / file)) << file;
        }
        auto hvm_info = bytes([&](uint8_t* buf, size_t z, size_t* need) {
            return domfw_plan_bytes(ctx, p, DOMFW_PLAN_HVM_INFO_TABLE, buf, z, need);
        });
        if (fs::exists(dir / "out/hvm_info_table.bin"))
            EXPECT_EQ(hvm_info, read_bytes(dir / "out/hvm_info_table.bin"));
        else
            EXPECT_TRUE(hvm_info.empty());
        // The xenstore pairs are the lines of xenstore.txt; the measurements the launch log's.
        size_t n = 0;
        ASSERT_EQ(domfw_plan_xenstore_count(ctx, p, &n), DOMFW_OK);
        std::string lines;
        for (size_t i = 0; i < n; ++i) {
            const char* k = nullptr;
            const char* v = nullptr;
            ASSERT_EQ(domfw_plan_xenstore(ctx, p, i, &k, &v), DOMFW_OK);
            lines += std::string(k) + " = \"" + v + "\"\n";
        }
        EXPECT_EQ(lines, read_text(dir / "out/xenstore.txt"));
        ASSERT_EQ(domfw_plan_measurement_count(ctx, p, &n), DOMFW_OK);
        ASSERT_GT(n, 0U);
        domfw_measurement last{};
        ASSERT_EQ(domfw_plan_measurement(ctx, p, n - 1, &last), DOMFW_OK);
        std::string chain;
        for (const auto byte : last.chain) {
            char two[3];
            std::snprintf(two, sizeof two, "%02x", byte);
            chain += two;
        }
        EXPECT_NE(read_text(dir / "out/launch-log.json").find("\"final\": \"" + chain + "\""), std::string::npos)
            << chain;
        ASSERT_EQ(domfw_plan_region_count(ctx, p, &n), DOMFW_OK);
        ASSERT_GT(n, 0U);
        domfw_region reg{};
        ASSERT_EQ(domfw_plan_region(ctx, p, 0, &reg), DOMFW_OK);
        EXPECT_LT(reg.start, reg.end);
        for (int after = 0; after < 2; ++after) {
            ASSERT_EQ(domfw_plan_e820_count(ctx, p, after, &n), DOMFW_OK);
            ASSERT_GT(n, 0U);
            domfw_e820_entry e{};
            ASSERT_EQ(domfw_plan_e820(ctx, p, after, n - 1, &e), DOMFW_OK);
            EXPECT_EQ(domfw_plan_e820(ctx, p, after, n, &e), DOMFW_E_NOT_FOUND);
            EXPECT_EQ(msg(), "domfw_plan_e820: index " + std::to_string(n) + " is past the last of " +
                                 std::to_string(n) + " e820 entries");
        }
        const char* type = nullptr;
        uint64_t mem = 0, min = 0, entry = 0;
        ASSERT_EQ(domfw_plan_summary(ctx, p, &type, &mem, &min, &entry), DOMFW_OK);
        EXPECT_STREQ(type, std::string(name).starts_with("hvm") ? "hvm" : "pvh");
        EXPECT_GE(mem, min);
        domfw_plan_free(p);
    }
}

TEST_F(Capi, PlanFromSettingsEqualsPlanFromText) {
    const std::string base = (kExamples / "firmware").string();
    const char* modules[] = {"path=user-data,cmdline=ds=nocloud"};
    const domfw_setting settings[] = {
        {"name", "s", nullptr, 0},        {"type", "pvh", nullptr, 0},
        {"memory", "256", nullptr, 0},    {"kernel", "pvh-kernel.elf", nullptr, 0},
        {"modules", nullptr, modules, 1},
    };
    domfw_plan_options o{sizeof o, kLoader.c_str(), nullptr, nullptr};
    domfw_plan* a = nullptr;
    ASSERT_EQ(domfw_plan_from_settings(ctx, settings, 5, base.c_str(), &o, &a), DOMFW_OK) << msg();
    const std::string text = "name = \"s\"\ntype = \"pvh\"\nmemory = 256\nkernel = \"pvh-kernel.elf\"\n"
                             "modules = [ \"path=user-data,cmdline=ds=nocloud\" ]\n";
    domfw_plan* b = nullptr;
    const std::string file = base + "/s.cfg";
    ASSERT_EQ(domfw_plan_from_cfg(ctx, text.data(), text.size(), file.c_str(), &o, &b), DOMFW_OK) << msg();
    for (int part = DOMFW_PLAN_START_INFO; part <= DOMFW_PLAN_JSON; ++part) {
        auto pa = bytes([&](uint8_t* buf, size_t z, size_t* need) {
            return domfw_plan_bytes(ctx, a, static_cast<domfw_plan_part>(part), buf, z, need);
        });
        auto pb = bytes([&](uint8_t* buf, size_t z, size_t* need) {
            return domfw_plan_bytes(ctx, b, static_cast<domfw_plan_part>(part), buf, z, need);
        });
        EXPECT_EQ(pa, pb) << part;
    }
    domfw_plan_free(a);
    domfw_plan_free(b);

    // A diagnostic's line is the setting's index + 1.
    const domfw_setting bad[] = {
        {"name", "s", nullptr, 0}, {"type", "pvh", nullptr, 0}, {"kernel", "missing.elf", nullptr, 0}};
    EXPECT_EQ(domfw_plan_from_settings(ctx, bad, 3, base.c_str(), &o, &a), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_plan_from_settings: " + base +
                         "/<settings>:3:10: error: kernel = \"missing.elf\": file not found "
                         "(resolved to \"" +
                         base + "/missing.elf\")\n    kernel = \"missing.elf\"\n             ^~~~~~~~~~~~~\n");
    const domfw_setting inject[] = {{"name = \"x\"\nkernel", "s", nullptr, 0}};
    EXPECT_EQ(domfw_plan_from_settings(ctx, inject, 1, nullptr, &o, &a), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(msg(), "domfw_plan_from_settings: settings[0].key \"name = \"x\"\\x0akernel\" is not an xl.cfg key "
                     "(letters, digits and _, not a digit first)");
    const domfw_setting both[] = {{"modules", "a", modules, 1}};
    EXPECT_EQ(domfw_plan_from_settings(ctx, both, 1, nullptr, &o, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_from_settings: settings[0] (\"modules\") has both a value and items");
    const domfw_setting null_key[] = {{nullptr, "a", nullptr, 0}};
    EXPECT_EQ(domfw_plan_from_settings(ctx, null_key, 1, nullptr, &o, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_from_settings: settings[0].key is NULL");
    const char* null_items[] = {nullptr};
    const domfw_setting null_item[] = {{"modules", nullptr, null_items, 1}};
    EXPECT_EQ(domfw_plan_from_settings(ctx, null_item, 1, nullptr, &o, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_from_settings: settings[0] (\"modules\"): items[0] is NULL");
    EXPECT_EQ(domfw_plan_from_settings(ctx, nullptr, 1, nullptr, &o, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_from_settings(ctx, settings, 5, nullptr, &o, nullptr), DOMFW_E_ARGUMENT);
}

TEST_F(Capi, PlanErrors) {
    domfw_plan* p = nullptr;
    const std::string bad = "name = \"g\"\ntype = \"pvh\"\nkernel = \"missing.elf\"\n";
    domfw_plan_options o{sizeof o, kLoader.c_str(), nullptr, nullptr};
    EXPECT_EQ(domfw_plan_from_cfg(ctx, bad.data(), bad.size(), "/nonexistent/g.cfg", &o, &p), DOMFW_E_INVALID_INPUT);
    EXPECT_EQ(p, nullptr);
    EXPECT_EQ(msg(),
              "domfw_plan_from_cfg: /nonexistent/g.cfg:3:10: error: kernel = \"missing.elf\": file not found "
              "(resolved to \"/nonexistent/missing.elf\")\n    kernel = \"missing.elf\"\n             ^~~~~~~~~~~~~\n");
    domfw_plan_options old{sizeof(size_t), nullptr, nullptr, nullptr};
    EXPECT_EQ(domfw_plan_from_cfg(ctx, bad.data(), bad.size(), "g.cfg", &old, &p), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_from_cfg: options->size is 8, this library's domfw_plan_options has " +
                         std::to_string(sizeof(domfw_plan_options)) + " bytes");
    EXPECT_EQ(domfw_plan_from_cfg(ctx, nullptr, 3, "g.cfg", &o, &p), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_from_cfg: text is NULL");
    EXPECT_EQ(domfw_plan_from_cfg(ctx, bad.data(), bad.size(), "g.cfg", &o, nullptr), DOMFW_E_ARGUMENT);

    p = plan_file(kExamples / "pvh-direct.cfg");
    ASSERT_NE(p, nullptr);
    size_t n = 0, need = 0;
    uint8_t small[4];
    EXPECT_EQ(domfw_plan_bytes(ctx, p, DOMFW_PLAN_START_INFO, small, sizeof small, &need), DOMFW_E_BUFFER_TOO_SMALL);
    EXPECT_GT(need, sizeof small);
    EXPECT_EQ(domfw_plan_bytes(ctx, p, static_cast<domfw_plan_part>(7), small, 4, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_bytes: part 7 is not a domfw_plan_part");
    EXPECT_EQ(domfw_plan_bytes(ctx, nullptr, DOMFW_PLAN_JSON, small, 4, &need), DOMFW_E_ARGUMENT);
    EXPECT_EQ(msg(), "domfw_plan_bytes: plan is NULL");
    EXPECT_EQ(domfw_plan_region_count(ctx, p, &n), DOMFW_OK);
    domfw_region r{};
    EXPECT_EQ(domfw_plan_region(ctx, p, n, &r), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(msg(), "domfw_plan_region: index " + std::to_string(n) + " is past the last of " + std::to_string(n) +
                         " regions");
    EXPECT_EQ(domfw_plan_region(ctx, p, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_region(ctx, nullptr, 0, &r), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_region_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_region_count(ctx, p, nullptr), DOMFW_E_ARGUMENT);
    domfw_e820_entry e{};
    EXPECT_EQ(domfw_plan_e820(ctx, p, 0, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_e820(ctx, nullptr, 0, 0, &e), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_e820_count(ctx, nullptr, 0, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_e820_count(ctx, p, 0, nullptr), DOMFW_E_ARGUMENT);
    ASSERT_EQ(domfw_plan_xenstore_count(ctx, p, &n), DOMFW_OK);
    const char* k = nullptr;
    const char* v = nullptr;
    EXPECT_EQ(domfw_plan_xenstore(ctx, p, n, &k, &v), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(domfw_plan_xenstore(ctx, p, 0, nullptr, &v), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_xenstore(ctx, p, 0, &k, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_xenstore(ctx, nullptr, 0, &k, &v), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_xenstore_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_xenstore_count(ctx, p, nullptr), DOMFW_E_ARGUMENT);
    ASSERT_EQ(domfw_plan_measurement_count(ctx, p, &n), DOMFW_OK);
    domfw_measurement m{};
    EXPECT_EQ(domfw_plan_measurement(ctx, p, n, &m), DOMFW_E_NOT_FOUND);
    EXPECT_EQ(domfw_plan_measurement(ctx, p, 0, nullptr), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_measurement(ctx, nullptr, 0, &m), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_measurement_count(ctx, nullptr, &n), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_measurement_count(ctx, p, nullptr), DOMFW_E_ARGUMENT);
    const char* type = nullptr;
    uint64_t a = 0;
    EXPECT_EQ(domfw_plan_summary(ctx, nullptr, &type, &a, &a, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_summary(ctx, p, nullptr, &a, &a, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_summary(ctx, p, &type, nullptr, &a, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_summary(ctx, p, &type, &a, nullptr, &a), DOMFW_E_ARGUMENT);
    EXPECT_EQ(domfw_plan_summary(ctx, p, &type, &a, &a, nullptr), DOMFW_E_ARGUMENT);
    domfw_plan_free(p);
    domfw_plan_free(nullptr);
}

// Distinct handles on distinct threads: no shared state between them (run under TSan/ASan).
TEST_F(Capi, DistinctHandlesOnThreads) {
    const std::string text = read_text(kExamples / "pvh-host-passthrough.cfg");
    const std::string file = (kExamples / "pvh-host-passthrough.cfg").string();
    std::vector<std::string> out(4);
    std::vector<std::thread> threads;
    for (auto& o : out)
        threads.emplace_back([&] {
            domfw_ctx* c = domfw_ctx_new();
            domfw_plan_options opt{sizeof opt, kLoader.c_str(), nullptr, nullptr};
            domfw_plan* p = nullptr;
            if (domfw_plan_from_cfg(c, text.data(), text.size(), file.c_str(), &opt, &p) == DOMFW_OK) {
                size_t need = 0;
                (void)domfw_plan_bytes(c, p, DOMFW_PLAN_JSON, nullptr, 0, &need);
                o.resize(need);
                (void)domfw_plan_bytes(c, p, DOMFW_PLAN_JSON, reinterpret_cast<uint8_t*>(o.data()), need,
                                       &need); // NOLINT
            }
            domfw_plan_free(p);
            domfw_ctx_free(c);
        });
    for (auto& t : threads)
        t.join();
    EXPECT_FALSE(out[0].empty());
    for (const auto& o : out)
        EXPECT_EQ(o, out[0]);
}

} // namespace
