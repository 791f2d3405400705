#include "module/module_writer.hpp"

#include <algorithm>
#include <cstring>

#include "core/byte_writer.hpp"
#include "core/checked.hpp"
#include "core/checksum.hpp"
#include "core/module_reader.hpp"
#include "domfw/abi/module.h"
#include "module/module_error.hpp"

namespace domfw::module {
namespace {

constexpr std::size_t kModuleHeader = sizeof(domfw_module_header);
constexpr std::size_t kBundleHeader = sizeof(domfw_bundle_header);
constexpr std::size_t kBundleEntry = sizeof(domfw_bundle_entry);

ByteVector concat(const std::vector<ByteVector>& parts) {
    std::size_t n = 0;
    for (const auto& p : parts)
        n += p.size();
    ByteVector out;
    out.reserve(n);
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

} // namespace

Expected<ByteVector> write_module(std::uint16_t type, core::Bytes type_header, core::Bytes payload, std::uint32_t flags,
                                  bool check) {
    const char* name = core::module_type_name(type, "unknown-type");
    const std::size_t header_unpadded = kModuleHeader + type_header.size();
    const std::size_t header_length =
        (header_unpadded + DOMFW_MODULE_ALIGN - 1) / DOMFW_MODULE_ALIGN * DOMFW_MODULE_ALIGN;
    if (header_length > DOMFW_MODULE_MAX_HEADER_LENGTH)
        return fail("cannot write {} module: header_length {:#x} exceeds the limit {:#x}", name, header_length,
                    DOMFW_MODULE_MAX_HEADER_LENGTH);
    if (payload.size() > DOMFW_MODULE_MAX_LENGTH - header_length)
        return fail("cannot write {} module: payload of {:#x} bytes exceeds the module limit {:#x}", name,
                    payload.size(), DOMFW_MODULE_MAX_LENGTH);
    const std::size_t total = header_length + payload.size();
    ByteVector out(total, 0);
    core::ByteWriter w(out);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>(DOMFW_MODULE_SIGNATURE), 4));
    w.u16le(type);
    w.u16le(DOMFW_MODULE_VERSION);
    w.u32le(static_cast<std::uint32_t>(header_length));
    w.u32le(static_cast<std::uint32_t>(total));
    w.u32le(flags);
    w.u32le(0);
    w.bytes(type_header);
    w.zeros(header_length - header_unpadded);
    w.bytes(payload);
    w.u32_at(20, core::crc32c(out)); // over the header with its crc32c field still 0
    if (!w.ok()) return Unexpected(Error{domfw::describe(w.fault(), fmt::format("cannot write {} module", name))});
    if (check) {
        auto r = core::read_module(out);
        if (!r) return Unexpected(Error{describe_module_error(r.error(), fmt::format("cannot write {} module", name))});
    }
    return out;
}

Expected<ByteVector> write_smbios_module(const SmbiosModuleSpec& spec, std::uint32_t flags) {
    std::uint8_t hdr[8] = {spec.major, spec.minor, spec.docrev};
    core::ByteWriter(hdr).u32_at(4, static_cast<std::uint32_t>(spec.structures.size()));
    const ByteVector payload = concat(spec.structures);
    return write_module(DOMFW_MODULE_TYPE_SMBIOS, hdr, payload, flags);
}

Expected<ByteVector> write_acpi_module(const AcpiModuleSpec& spec, std::uint32_t flags) {
    std::uint8_t hdr[8] = {};
    core::ByteWriter w(hdr);
    w.u32le(static_cast<std::uint32_t>(spec.tables.size()));
    w.u32le(spec.match_slic_oem_ids ? DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS : 0);
    const ByteVector payload = concat(spec.tables);
    return write_module(DOMFW_MODULE_TYPE_ACPI, hdr, payload, flags);
}

Expected<ByteVector> write_option_rom_module(const OptionRomModuleSpec& spec, std::uint32_t flags) {
    std::uint8_t hdr[8] = {};
    core::ByteWriter w(hdr);
    w.u16le(spec.pci_vendor_id);
    w.u16le(spec.pci_device_id);
    return write_module(DOMFW_MODULE_TYPE_OPTION_ROM, hdr, spec.image, flags);
}

Expected<ByteVector> write_blob_module(const BlobModuleSpec& spec, std::uint32_t flags) {
    std::uint8_t hdr[sizeof(domfw_blob_module_header)] = {};
    if (spec.name.empty() || spec.name.size() >= DOMFW_BLOB_NAME_LENGTH)
        return fail("cannot write blob module '{}': the name must be 1..{} bytes, not {}", spec.name,
                    DOMFW_BLOB_NAME_LENGTH - 1, spec.name.size());
    for (std::size_t i = 0; i < spec.name.size(); ++i)
        hdr[i] = static_cast<std::uint8_t>(spec.name[i]);
    if (!spec.cmdline) return write_module(DOMFW_MODULE_TYPE_BLOB, hdr, spec.bytes, flags);
    const std::string& text = *spec.cmdline;
    if (text.size() + 1 > DOMFW_BLOB_CMDLINE_MAX_LENGTH)
        return fail(
            "cannot write blob module '{}': its command line is {:#x} bytes with its NUL, above the limit {:#x} "
            "(MAX_GUEST_CMDLINE)",
            spec.name, text.size() + 1, DOMFW_BLOB_CMDLINE_MAX_LENGTH);
    if (const auto nul = text.find('\0'); nul != std::string::npos)
        return fail("cannot write blob module '{}': its command line holds a NUL byte at {}", spec.name, nul);
    // [blob header][cmdline_length, reserved][text + NUL]; write_module pads it to 8.
    ByteVector ext(sizeof(hdr) + sizeof(domfw_blob_cmdline_header) + text.size() + 1, 0);
    std::memcpy(ext.data(), hdr, sizeof(hdr));
    core::ByteWriter(ext).u16_at(sizeof(hdr), static_cast<std::uint16_t>(text.size() + 1));
    // The NUL after the text is already there: `ext` starts zeroed.
    std::copy(text.begin(), text.end(), ext.data() + sizeof(hdr) + sizeof(domfw_blob_cmdline_header));
    return write_module(DOMFW_MODULE_TYPE_BLOB, ext, spec.bytes, flags | DOMFW_MODULE_F_BLOB_CMDLINE);
}

Expected<ByteVector> write_bundle(std::span<const ByteVector> modules, std::uint32_t flags,
                                  std::uint32_t payload_align) {
    if (payload_align < DOMFW_MODULE_ALIGN || (payload_align & (payload_align - 1)) != 0)
        return fail("cannot write bundle: payload alignment {:#x} is not a power of two >= 8", payload_align);
    if (modules.size() > DOMFW_BUNDLE_MAX_MODULES)
        return fail("cannot write bundle: {} modules exceed the limit {}", modules.size(), DOMFW_BUNDLE_MAX_MODULES);
    const std::size_t dir_end = kBundleHeader + modules.size() * kBundleEntry;
    std::vector<core::ModuleView> views;
    views.reserve(modules.size());
    std::size_t end = dir_end;
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        auto m = core::read_module(modules[i]);
        if (!m)
            return Unexpected(
                Error{describe_module_error(m.error(), fmt::format("cannot write bundle: module {}", i))});
        if (m->total_length != modules[i].size())
            return fail("cannot write bundle: module {} holds {:#x} bytes but its total_length is {:#x}", i,
                        modules[i].size(), m->total_length);
        // The payload starts header_length (a multiple of 8) after the module: align that.
        end = (end + m->header_length + payload_align - 1) / payload_align * payload_align - m->header_length;
        offsets.push_back(end);
        end += modules[i].size();
        if (end > DOMFW_BUNDLE_MAX_LENGTH)
            return fail("cannot write bundle: {:#x} bytes with module {} exceed the bundle limit {:#x}", end, i,
                        DOMFW_BUNDLE_MAX_LENGTH);
        views.push_back(*m);
    }
    ByteVector out(end, 0);
    core::ByteWriter w(out);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>(DOMFW_BUNDLE_SIGNATURE), 4));
    w.u16le(DOMFW_BUNDLE_VERSION);
    w.u16le(static_cast<std::uint16_t>(kBundleHeader));
    w.u32le(static_cast<std::uint32_t>(end));
    w.u32le(flags);
    w.u32le(static_cast<std::uint32_t>(modules.size()));
    w.u16le(static_cast<std::uint16_t>(kBundleEntry));
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const std::size_t at = kBundleHeader + i * kBundleEntry;
        w.u32_at(at, static_cast<std::uint32_t>(offsets[i]));
        w.u32_at(at + 4, views[i].total_length);
        w.u16_at(at + 8, views[i].type);
        w.u32_at(at + 12, views[i].crc32c);
        std::memcpy(out.data() + offsets[i], modules[i].data(), modules[i].size());
    }
    w.u32_at(24, core::crc32c(core::Bytes(out).first(dir_end)));
    auto b = core::read_bundle(out);
    if (!b) return Unexpected(Error{describe_module_error(b.error(), "cannot write bundle")});
    return out;
}

} // namespace domfw::module
