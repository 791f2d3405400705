#include "core/module_reader.hpp"

#include "core/checked.hpp"
#include "core/checksum.hpp"
#include "core/wire_names.hpp"

namespace domfw::core {
namespace {

constexpr std::uint32_t kModuleHeader = sizeof(domfw_module_header);
constexpr std::uint32_t kBundleHeader = sizeof(domfw_bundle_header);
constexpr std::uint32_t kBundleEntry = sizeof(domfw_bundle_entry);
constexpr std::uint32_t kModuleCrcOffset = 20; // domfw_module_header.crc32c
constexpr std::uint32_t kBundleCrcOffset = 24; // domfw_bundle_header.crc32c
constexpr std::uint32_t kMaxBundleHeader = 0x1000;
constexpr std::uint32_t kMaxEntrySize = 0x100;

// CRC-32C over `bytes` with the 4-byte field at `field` read as zero.
std::uint32_t crc_without_field(Bytes bytes, std::size_t field) {
    static constexpr std::uint8_t kZero[4] = {0, 0, 0, 0};
    std::uint32_t crc = crc32c(bytes.first(field));
    crc = crc32c(Bytes(kZero, 4), crc);
    return crc32c(bytes.subspan(field + 4), crc);
}

using F = ModuleFault;

// The type-specific header holds `Header` (header_length counts the common header too).
template <class Header> Status type_header_holds(const ModuleView& m) {
    if (m.type_header.size() >= sizeof(Header)) return {};
    return fault(F::type_header_short, 8, m.header_length, kModuleHeader + sizeof(Header), m.type);
}

// The payload's structures through the one SMBIOS walk; offsets in faults from the module start.
Status walk_smbios(const ModuleView& m) {
    smbios::StructureWalk walk = m.smbios_structures();
    smbios::Structure st;
    const std::uint32_t expected = m.smbios.structure_count;
    while (walk.next(st)) {
        if (walk.count() > expected)
            return fault(F::smbios_too_many, m.header_length + st.offset, walk.count(), expected);
    }
    if (walk.stop() == smbios::WalkStop::error) return smbios::walk_error(walk.error(), m.header_length);
    if (walk.trailing() != 0)
        return fault(F::smbios_trailing, m.header_length + walk.offset(), walk.trailing(),
                     sizeof(abi::SmbiosStructureHeader));
    if (walk.count() != expected) return fault(F::smbios_too_few, m.total_length, walk.count(), expected);
    return {};
}

Status read_smbios(ModuleView& m) {
    DOMFW_TRY_STATUS(type_header_holds<domfw_smbios_module_header>(m));
    ByteReader r(m.type_header);
    m.smbios.major = r.u8_at(0).value();
    m.smbios.minor = r.u8_at(1).value();
    m.smbios.docrev = r.u8_at(2).value();
    const std::uint8_t reserved = r.u8_at(3).value();
    m.smbios.structure_count = r.u32_at(4).value();
    if (reserved != 0) return fault(F::smbios_reserved, kModuleHeader + 3, reserved, 0);
    if (m.smbios.major < 2) return fault(F::smbios_major, kModuleHeader, m.smbios.major, 2);
    if (m.smbios.structure_count == 0 || m.smbios.structure_count > DOMFW_SMBIOS_MODULE_MAX_STRUCTURES)
        return fault(F::smbios_count_range, kModuleHeader + 4, m.smbios.structure_count,
                     DOMFW_SMBIOS_MODULE_MAX_STRUCTURES);
    return walk_smbios(m);
}

// The payload's tables through the one ACPI table check; offsets in faults from the module start.
Status walk_acpi(const ModuleView& m) {
    acpi::TableSequence tables = m.acpi_tables();
    acpi::TableView t;
    bool slic = false;
    while (tables.next(t)) {
        if (tables.count() > m.acpi.table_count)
            return fault(F::acpi_too_many, m.header_length + tables.offset() - t.bytes.size(), tables.count(),
                         m.acpi.table_count);
        slic = slic || acpi::signature_is(t.header.signature, "SLIC");
    }
    if (tables.failed()) {
        Error e = tables.error();
        e.offset += m.header_length;
        return e;
    }
    if (tables.count() != m.acpi.table_count)
        return fault(F::acpi_too_few, m.total_length, tables.count(), m.acpi.table_count);
    if ((m.acpi.acpi_flags & DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS) != 0 && !slic)
        return fault(F::acpi_slic_missing, kModuleHeader + 4, m.acpi.acpi_flags, 0);
    return {};
}

Status read_acpi(ModuleView& m) {
    DOMFW_TRY_STATUS(type_header_holds<domfw_acpi_module_header>(m));
    ByteReader r(m.type_header);
    m.acpi.table_count = r.u32_at(0).value();
    m.acpi.acpi_flags = r.u32_at(4).value();
    if (m.acpi.table_count == 0 || m.acpi.table_count > DOMFW_ACPI_MODULE_MAX_TABLES)
        return fault(F::acpi_count_range, kModuleHeader, m.acpi.table_count, DOMFW_ACPI_MODULE_MAX_TABLES);
    const std::uint32_t unknown =
        m.acpi.acpi_flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_ACPI_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0) return fault(F::acpi_unknown_flags, kModuleHeader + 4, unknown, DOMFW_ACPI_FLAGS_KNOWN_MANDATORY);
    return walk_acpi(m);
}

// PCI Firmware Specification 3.3 §5.1.1: 55 AA, then the image length in 512-byte units.
Status read_option_rom(ModuleView& m) {
    DOMFW_TRY_STATUS(type_header_holds<domfw_option_rom_module_header>(m));
    ByteReader r(m.type_header);
    m.option_rom.pci_vendor_id = r.u16_at(0).value();
    m.option_rom.pci_device_id = r.u16_at(2).value();
    const std::uint32_t reserved = r.u32_at(4).value();
    if (reserved != 0) return fault(F::rom_reserved, kModuleHeader + 4, reserved, 0);
    if (m.payload.size() < 3) return fault(F::rom_payload_short, m.header_length, m.payload.size(), 3);
    const std::uint16_t sig = static_cast<std::uint16_t>(m.payload[0] | (m.payload[1] << 8));
    if (sig != 0xAA55U) return fault(F::rom_signature, m.header_length, sig, 0xAA55U);
    m.option_rom.image_size = static_cast<std::uint32_t>(m.payload[2]) * 512U;
    if (m.option_rom.image_size == 0 || m.option_rom.image_size > m.payload.size())
        return fault(F::rom_size, m.header_length + 2, m.option_rom.image_size, m.payload.size());
    return {};
}

// Revision 1.1: [domfw_blob_cmdline_header][cmdline_length bytes, NUL last][zeros to header_length].
Status read_blob_cmdline(ModuleView& m) {
    constexpr std::uint32_t kAt = kModuleHeader + sizeof(domfw_blob_module_header);
    constexpr std::uint32_t kText = kAt + sizeof(domfw_blob_cmdline_header);
    if (m.header_length < kText + 1) return fault(F::blob_cmdline_no_room, 8, m.header_length, kText);
    ByteReader r(m.bytes);
    const std::uint16_t len = r.u16_at(kAt).value();
    const std::uint16_t reserved = r.u16_at(kAt + 2).value();
    const std::uint32_t reserved2 = r.u32_at(kAt + 4).value();
    if (len == 0 || len > DOMFW_BLOB_CMDLINE_MAX_LENGTH)
        return fault(F::blob_cmdline_length, kAt, len, DOMFW_BLOB_CMDLINE_MAX_LENGTH);
    if (reserved != 0 || reserved2 != 0) return fault(F::blob_cmdline_reserved, kAt + 2, reserved | reserved2, 0);
    if (!range_fits(kText, len, m.header_length)) return fault(F::blob_cmdline_past, kText, len, m.header_length);
    const Bytes text = m.bytes.subspan(kText, len);
    if (text[len - 1U] != 0) return fault(F::blob_cmdline_no_nul, kText + len - 1U, text[len - 1U], 0);
    for (std::uint32_t i = 0; i + 1U < len; ++i)
        if (text[i] == 0) return fault(F::blob_cmdline_inner_nul, kText + i, 0, kText + len - 1U);
    for (std::uint32_t i = kText + len; i < m.header_length; ++i)
        if (m.bytes[i] != 0) return fault(F::blob_cmdline_padding, i, m.bytes[i], 0);
    m.blob.has_cmdline = true;
    m.blob.cmdline = text.first(len - 1U);
    return {};
}

Status read_blob(ModuleView& m) {
    DOMFW_TRY_STATUS(type_header_holds<domfw_blob_module_header>(m));
    const Bytes name = m.type_header.first(DOMFW_BLOB_NAME_LENGTH);
    std::size_t len = 0;
    while (len < name.size() && name[len] != 0) {
        if (name[len] < 0x21 || name[len] > 0x7E) return fault(F::blob_name_char, kModuleHeader + len, name[len], 0);
        ++len;
    }
    if (len == 0) return fault(F::blob_name_empty, kModuleHeader, 0, 0);
    if (len == name.size()) return fault(F::blob_name_no_nul, kModuleHeader, len, DOMFW_BLOB_NAME_LENGTH);
    for (std::size_t i = len; i < name.size(); ++i)
        if (name[i] != 0) return fault(F::blob_name_padding, kModuleHeader + i, name[i], 0);
    const std::uint64_t reserved = ByteReader(m.type_header).u64_at(DOMFW_BLOB_NAME_LENGTH).value();
    if (reserved != 0) return fault(F::blob_reserved, kModuleHeader + DOMFW_BLOB_NAME_LENGTH, reserved, 0);
    m.blob.name = name.first(len);
    if ((m.flags & DOMFW_MODULE_F_BLOB_CMDLINE) != 0) return read_blob_cmdline(m);
    return {};
}

} // namespace

bool looks_like_module(Bytes data) { return starts_with(data, DOMFW_MODULE_SIGNATURE); }
bool looks_like_bundle(Bytes data) { return starts_with(data, DOMFW_BUNDLE_SIGNATURE); }

Result<ModuleView> read_module(Bytes data) {
    // 1. buffer >= header
    if (data.size() < kModuleHeader) return fault(F::buffer_short, 0, data.size(), kModuleHeader);
    ByteReader r(data);
    if (!looks_like_module(data))
        // The bytes found are not printed: any file can be named, and its content is not ours to show.
        return fault(F::no_signature, 0, 0, 0);
    const std::uint16_t version = r.u16_at(6).value();
    if (version > DOMFW_MODULE_VERSION) return fault(F::version_newer, 6, version, DOMFW_MODULE_VERSION);
    if (version != DOMFW_MODULE_VERSION) return fault(F::version, 6, version, DOMFW_MODULE_VERSION);
    ModuleView m;
    m.type = r.u16_at(4).value();
    m.header_length = r.u32_at(8).value();
    m.total_length = r.u32_at(12).value();
    m.flags = r.u32_at(16).value();
    m.crc32c = r.u32_at(20).value();
    // 2. claimed lengths >= header, within bounds
    if (m.header_length < kModuleHeader) return fault(F::header_below, 8, m.header_length, kModuleHeader);
    if (!is_aligned(m.header_length, DOMFW_MODULE_ALIGN))
        return fault(F::header_unaligned, 8, m.header_length, DOMFW_MODULE_ALIGN);
    if (m.header_length > DOMFW_MODULE_MAX_HEADER_LENGTH)
        return fault(F::header_huge, 8, m.header_length, DOMFW_MODULE_MAX_HEADER_LENGTH);
    if (m.total_length < m.header_length) return fault(F::total_below_header, 12, m.total_length, m.header_length);
    if (m.total_length > DOMFW_MODULE_MAX_LENGTH)
        return fault(F::total_huge, 12, m.total_length, DOMFW_MODULE_MAX_LENGTH);
    // 3. claimed length <= bytes held
    if (m.total_length > data.size()) return fault(F::total_past_end, 12, m.total_length, data.size());
    m.bytes = data.first(m.total_length);
    // 4. checksum
    const std::uint32_t crc = crc_without_field(m.bytes, kModuleCrcOffset);
    if (crc != m.crc32c) return fault(F::crc, kModuleCrcOffset, m.crc32c, crc);
    // 5. meaning
    const std::uint32_t unknown = m.flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_MODULE_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0) return fault(F::unknown_flags, 16, unknown, DOMFW_MODULE_FLAGS_KNOWN_MANDATORY);
    m.type_header = m.bytes.subspan(kModuleHeader, m.header_length - kModuleHeader);
    m.payload = m.bytes.subspan(m.header_length);
    Status s;
    switch (m.type) {
    case DOMFW_MODULE_TYPE_SMBIOS: s = read_smbios(m); break;
    case DOMFW_MODULE_TYPE_ACPI: s = read_acpi(m); break;
    case DOMFW_MODULE_TYPE_OPTION_ROM: s = read_option_rom(m); break;
    case DOMFW_MODULE_TYPE_BLOB: s = read_blob(m); break;
    default:
        if ((m.flags & DOMFW_MODULE_F_REQUIRED) != 0) return fault(F::required_type_unknown, 4, m.type, 0);
        m.known = false;
        return m;
    }
    if (!s) return s.error();
    m.known = true;
    return m;
}

Result<BundleView> read_bundle(Bytes data) {
    if (data.size() < kBundleHeader) return fault(F::bundle_buffer_short, 0, data.size(), kBundleHeader);
    if (!looks_like_bundle(data)) return fault(F::bundle_no_signature, 0, 0, 0);
    ByteReader r(data);
    const std::uint16_t version = r.u16_at(4).value();
    if (version > DOMFW_BUNDLE_VERSION) return fault(F::bundle_version_newer, 4, version, DOMFW_BUNDLE_VERSION);
    if (version != DOMFW_BUNDLE_VERSION) return fault(F::bundle_version, 4, version, DOMFW_BUNDLE_VERSION);
    BundleView b;
    b.header_length = r.u16_at(6).value();
    b.total_length = r.u32_at(8).value();
    b.flags = r.u32_at(12).value();
    b.module_count = r.u32_at(16).value();
    b.entry_size = r.u16_at(20).value();
    const std::uint16_t reserved = r.u16_at(22).value();
    b.crc32c = r.u32_at(24).value();
    const std::uint32_t reserved2 = r.u32_at(28).value();
    if (b.header_length < kBundleHeader) return fault(F::bundle_header_below, 6, b.header_length, kBundleHeader);
    if (!is_aligned(b.header_length, DOMFW_MODULE_ALIGN) || b.header_length > kMaxBundleHeader)
        return fault(F::bundle_header_bad, 6, b.header_length, kMaxBundleHeader);
    if (b.entry_size < kBundleEntry || !is_aligned(b.entry_size, 4) || b.entry_size > kMaxEntrySize)
        return fault(F::bundle_entry_size, 20, b.entry_size, kMaxEntrySize);
    if (b.module_count > DOMFW_BUNDLE_MAX_MODULES)
        return fault(F::bundle_count_huge, 16, b.module_count, DOMFW_BUNDLE_MAX_MODULES);
    // Bounded above: header <= 0x1000, count <= 1024, entry <= 0x100, so no overflow in 32 bits.
    const std::uint32_t dir_end = b.header_length + b.module_count * b.entry_size;
    if (b.total_length < dir_end) return fault(F::bundle_total_below_dir, 8, b.total_length, dir_end);
    if (b.total_length > DOMFW_BUNDLE_MAX_LENGTH)
        return fault(F::bundle_total_huge, 8, b.total_length, DOMFW_BUNDLE_MAX_LENGTH);
    if (b.total_length > data.size()) return fault(F::bundle_total_past_end, 8, b.total_length, data.size());
    b.bytes = data.first(b.total_length);
    const std::uint32_t crc = crc_without_field(b.bytes.first(dir_end), kBundleCrcOffset);
    if (crc != b.crc32c) return fault(F::bundle_crc, kBundleCrcOffset, b.crc32c, crc);
    const std::uint32_t unknown = b.flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_BUNDLE_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0) return fault(F::bundle_unknown_flags, 12, unknown, DOMFW_BUNDLE_FLAGS_KNOWN_MANDATORY);
    if (reserved != 0 || reserved2 != 0) return fault(F::bundle_reserved, 22, reserved | reserved2, 0);
    // The directory: ascending, 8-aligned, non-overlapping entries inside the bundle.
    std::uint32_t next_free = dir_end;
    for (std::uint32_t i = 0; i < b.module_count; ++i) {
        DOMFW_TRY(BundleEntry e, bundle_entry(b, i));
        const std::uint32_t at = b.header_length + i * b.entry_size;
        if (e.offset < next_free) return fault(F::entry_overlap, at, e.offset, next_free, i);
        if (!is_aligned(e.offset, DOMFW_MODULE_ALIGN))
            return fault(F::entry_unaligned, at, e.offset, DOMFW_MODULE_ALIGN, i);
        if (e.length < sizeof(domfw_module_header))
            return fault(F::entry_length_short, at, e.length, sizeof(domfw_module_header), i);
        if (!range_fits(e.offset, e.length, b.total_length))
            return fault(F::entry_past_end, at, e.offset, b.total_length, i);
        const std::uint16_t entry_reserved = ByteReader(b.bytes).u16_at(at + 10).value();
        if (entry_reserved != 0) return fault(F::entry_reserved, at, entry_reserved, 0, i);
        next_free = e.offset + e.length;
    }
    return b;
}

Result<BundleEntry> bundle_entry(const BundleView& b, std::uint32_t index) {
    if (index >= b.module_count) return fault(F::no_entry, 16, index, b.module_count);
    ByteReader r(b.bytes);
    const std::size_t at = b.header_length + static_cast<std::size_t>(index) * b.entry_size;
    BundleEntry e;
    DOMFW_TRY(e.offset, r.u32_at(at));
    DOMFW_TRY(e.length, r.u32_at(at + 4));
    DOMFW_TRY(e.type, r.u16_at(at + 8));
    DOMFW_TRY(e.crc32c, r.u32_at(at + 12));
    return e;
}

Result<ModuleView> bundle_module(const BundleView& b, std::uint32_t index) {
    DOMFW_TRY(BundleEntry e, bundle_entry(b, index));
    if (!range_fits(e.offset, e.length, b.bytes.size()))
        return fault(F::entry_past_end, b.header_length + index * b.entry_size, e.offset, b.bytes.size(), index);
    DOMFW_TRY(ModuleView m, read_module(b.bytes.subspan(e.offset, e.length)));
    if (m.total_length != e.length) return fault(F::entry_length_mismatch, 12, m.total_length, e.length);
    if (m.type != e.type) return fault(F::entry_type_mismatch, 4, m.type, e.type);
    if (m.crc32c != e.crc32c) return fault(F::entry_crc_mismatch, 20, m.crc32c, e.crc32c);
    return m;
}

} // namespace domfw::core
