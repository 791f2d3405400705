#include "module/module_inspect.hpp"

#include <fmt/format.h>

#include "core/module_reader.hpp"
#include "domfw/abi/module.h"
#include "module/module_error.hpp"
#include "support/escaped_text.hpp"
#include "support/sha256.hpp"

namespace domfw::module {
namespace {

using json = nlohmann::ordered_json;

std::string hex(std::uint64_t v) { return fmt::format("{:#x}", v); }

// Fixed-width IDs are byte arrays: printable bytes as they are, others as \xNN.
std::string fixed_id(core::Bytes b) { return support::escaped(b); }

json smbios_json(const core::ModuleView& m) {
    json j;
    j["smbios_version"] = fmt::format("{}.{}.{}", m.smbios.major, m.smbios.minor, m.smbios.docrev);
    j["structure_count"] = m.smbios.structure_count;
    json list = json::array();
    core::smbios::StructureWalk walk = m.smbios_structures();
    for (core::smbios::Structure st; walk.next(st);)
        list.push_back({{"offset", hex(m.header_length + st.offset)},
                        {"type", st.type},
                        {"handle", fmt::format("{:#06x}", st.handle)},
                        {"formatted_length", st.length},
                        {"size", st.size()}});
    j["structures"] = std::move(list);
    return j;
}

json acpi_json(const core::ModuleView& m, const InspectOptions& o) {
    json j;
    j["table_count"] = m.acpi.table_count;
    json flags = json::array();
    if ((m.acpi.acpi_flags & DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS) != 0) flags.push_back("match_slic_oem_ids");
    j["acpi_flags"] = hex(m.acpi.acpi_flags);
    j["acpi_flag_names"] = std::move(flags);
    json list = json::array();
    core::acpi::TableSequence tables = m.acpi_tables();
    for (core::acpi::TableView t; tables.next(t);) {
        const core::acpi::TableHeader& h = t.header;
        const bool msdm = core::acpi::signature_is(h.signature, "MSDM");
        json tj;
        tj["offset"] = hex(m.header_length + tables.offset() - t.bytes.size());
        tj["signature"] = fixed_id(h.signature);
        tj["length"] = h.length;
        if (msdm && !o.show_secrets) {
            tj["secret"] = "masked (use --show-secrets)";
        } else {
            tj["revision"] = h.revision;
            tj["oem_id"] = fixed_id(h.oem_id);
            tj["oem_table_id"] = fixed_id(h.oem_table_id);
            tj["oem_revision"] = hex(h.oem_revision);
            if (msdm && h.length >= 56) tj["product_key"] = fixed_id(t.bytes.subspan(56));
        }
        tj["sha256"] = support::sha256_hex(t.bytes);
        list.push_back(std::move(tj));
    }
    j["tables"] = std::move(list);
    return j;
}

json module_json(const core::ModuleView& m, const InspectOptions& o) {
    json j;
    j["type"] = m.type;
    j["type_name"] = module_type_name(m.type);
    j["known"] = m.known;
    j["flags"] = hex(m.flags);
    if ((m.flags & DOMFW_MODULE_F_REQUIRED) != 0) j["required"] = true;
    j["header_length"] = hex(m.header_length);
    j["total_length"] = hex(m.total_length);
    j["payload_length"] = hex(m.payload.size());
    j["crc32c"] = fmt::format("{:#010x}", m.crc32c);
    if (!m.known) return j;
    switch (m.type) {
    case DOMFW_MODULE_TYPE_SMBIOS: j["smbios"] = smbios_json(m); break;
    case DOMFW_MODULE_TYPE_ACPI: j["acpi"] = acpi_json(m, o); break;
    case DOMFW_MODULE_TYPE_OPTION_ROM:
        j["option_rom"] = {{"pci_vendor_id", fmt::format("{:#06x}", m.option_rom.pci_vendor_id)},
                           {"pci_device_id", fmt::format("{:#06x}", m.option_rom.pci_device_id)},
                           {"image_size", hex(m.option_rom.image_size)}};
        break;
    case DOMFW_MODULE_TYPE_BLOB:
        j["blob"] = {{"name", std::string(m.blob.name.begin(), m.blob.name.end())},
                     {"size", hex(m.payload.size())},
                     {"sha256", support::sha256_hex(m.payload)}};
        // Free text from the file: control bytes and non-ASCII escaped, so the JSON stays valid.
        if (m.blob.has_cmdline) j["blob"]["cmdline"] = fixed_id(m.blob.cmdline);
        break;
    default: break;
    }
    return j;
}

} // namespace

const char* module_type_name(std::uint16_t type) {
    switch (type) {
    case DOMFW_MODULE_TYPE_SMBIOS: return "smbios";
    case DOMFW_MODULE_TYPE_ACPI: return "acpi";
    case DOMFW_MODULE_TYPE_OPTION_ROM: return "option-rom";
    case DOMFW_MODULE_TYPE_BLOB: return "blob";
    default: return "unknown";
    }
}

Expected<json> inspect(core::Bytes bytes, const InspectOptions& o) {
    json j;
    if (core::looks_like_bundle(bytes)) {
        auto b = core::read_bundle(bytes);
        if (!b) return Unexpected(Error{describe_module_error(b.error(), "bundle")});
        if (b->total_length != bytes.size())
            return fail("bundle: {:#x} trailing bytes after total_length {:#x}", bytes.size() - b->total_length,
                        b->total_length);
        j["kind"] = "bundle";
        j["total_length"] = hex(b->total_length);
        j["flags"] = hex(b->flags);
        j["module_count"] = b->module_count;
        j["crc32c"] = fmt::format("{:#010x}", b->crc32c);
        json mods = json::array();
        for (std::uint32_t i = 0; i < b->module_count; ++i) {
            const core::BundleEntry e = core::bundle_entry(*b, i).value();
            auto m = core::bundle_module(*b, i);
            if (!m)
                return Unexpected(Error{
                    describe_module_error(m.error(), fmt::format("bundle module {} at offset {:#x}", i, e.offset))});
            json mj;
            mj["index"] = i;
            mj["offset"] = hex(e.offset);
            const json body = module_json(*m, o);
            for (const auto& [k, v] : body.items())
                mj[k] = v;
            mods.push_back(std::move(mj));
        }
        j["modules"] = std::move(mods);
        return j;
    }
    auto m = core::read_module(bytes);
    if (!m) return Unexpected(Error{describe_module_error(m.error(), "module")});
    if (m->total_length != bytes.size())
        return fail("module: {:#x} trailing bytes after total_length {:#x}", bytes.size() - m->total_length,
                    m->total_length);
    j["kind"] = "module";
    json mj = module_json(*m, o);
    mj["index"] = 0;
    mj["offset"] = "0x0";
    j["modules"] = json::array({mj});
    return j;
}

std::string render_inspection(const json& j) {
    std::string out;
    if (j["kind"] == "bundle")
        out += fmt::format("bundle: {} modules, {} bytes, directory CRC-32C {}\n", j["module_count"].get<int>(),
                           j["total_length"].get<std::string>(), j["crc32c"].get<std::string>());
    for (const auto& m : j["modules"]) {
        out += fmt::format("module {} at {}: {} (type {}), {} bytes (header {}), flags {}, CRC-32C {}{}\n",
                           m["index"].get<int>(), m["offset"].get<std::string>(), m["type_name"].get<std::string>(),
                           m["type"].get<int>(), m["total_length"].get<std::string>(),
                           m["header_length"].get<std::string>(), m["flags"].get<std::string>(),
                           m["crc32c"].get<std::string>(), m["known"].get<bool>() ? "" : " (unknown type, skipped)");
        if (m.contains("smbios")) {
            const auto& s = m["smbios"];
            out += fmt::format("  SMBIOS {}, {} structures\n", s["smbios_version"].get<std::string>(),
                               s["structure_count"].get<int>());
            for (const auto& st : s["structures"])
                out +=
                    fmt::format("    {:>8}  type {:>3}  handle {}  length {:>3}  size {}\n",
                                st["offset"].get<std::string>(), st["type"].get<int>(), st["handle"].get<std::string>(),
                                st["formatted_length"].get<int>(), st["size"].get<std::size_t>());
        }
        if (m.contains("acpi")) {
            const auto& a = m["acpi"];
            out += fmt::format("  ACPI, {} tables, flags {}\n", a["table_count"].get<int>(),
                               a["acpi_flags"].get<std::string>());
            for (const auto& t : a["tables"]) {
                if (t.contains("secret"))
                    out += fmt::format("    {:>8}  {}  length {:>6}  sha256 {}  (body masked; --show-secrets)\n",
                                       t["offset"].get<std::string>(), t["signature"].get<std::string>(),
                                       t["length"].get<std::uint32_t>(), t["sha256"].get<std::string>());
                else
                    out += fmt::format("    {:>8}  {}  length {:>6}  rev {}  OEM '{}' '{}'  sha256 {}\n",
                                       t["offset"].get<std::string>(), t["signature"].get<std::string>(),
                                       t["length"].get<std::uint32_t>(), t["revision"].get<int>(),
                                       t["oem_id"].get<std::string>(), t["oem_table_id"].get<std::string>(),
                                       t["sha256"].get<std::string>());
            }
        }
        if (m.contains("option_rom")) {
            const auto& r = m["option_rom"];
            out += fmt::format("  option ROM for {}:{}, image {} bytes\n", r["pci_vendor_id"].get<std::string>(),
                               r["pci_device_id"].get<std::string>(), r["image_size"].get<std::string>());
        }
        if (m.contains("blob")) {
            const auto& b = m["blob"];
            out += fmt::format("  blob '{}', {} bytes, sha256 {}\n", b["name"].get<std::string>(),
                               b["size"].get<std::string>(), b["sha256"].get<std::string>());
            if (b.contains("cmdline")) out += fmt::format("    cmdline \"{}\"\n", b["cmdline"].get<std::string>());
        }
    }
    return out;
}

} // namespace domfw::module
