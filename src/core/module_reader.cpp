#include "core/module_reader.hpp"

#include "core/checked.hpp"
#include "core/checksum.hpp"

namespace domfw::core {
namespace {

constexpr std::uint32_t kModuleHeader = sizeof(domfw_module_header);
constexpr std::uint32_t kBundleHeader = sizeof(domfw_bundle_header);
constexpr std::uint32_t kBundleEntry = sizeof(domfw_bundle_entry);
constexpr std::uint32_t kModuleCrcOffset = 20; // domfw_module_header.crc32c
constexpr std::uint32_t kBundleCrcOffset = 24; // domfw_bundle_header.crc32c
constexpr std::uint32_t kMaxBundleHeader = 0x1000;
constexpr std::uint32_t kMaxEntrySize = 0x100;

bool has_signature(Bytes data, const char* sig) {
    if (data.size() < 4) return false;
    for (std::size_t i = 0; i < 4; ++i)
        if (data[i] != static_cast<std::uint8_t>(sig[i])) return false;
    return true;
}

// CRC-32C over `bytes` with the 4-byte field at `field` read as zero.
std::uint32_t crc_without_field(Bytes bytes, std::size_t field) {
    static constexpr std::uint8_t kZero[4] = {0, 0, 0, 0};
    std::uint32_t crc = crc32c(bytes.first(field));
    crc = crc32c(Bytes(kZero, 4), crc);
    return crc32c(bytes.subspan(field + 4), crc);
}

// DSP0134 §6.1.2: a 4-byte header (type, length, handle), the formatted area of `length`
// bytes, then the string-set ending in two NULs. Offsets in errors are from the module start.
Status walk_smbios(Bytes payload, std::uint32_t base, std::uint32_t expected) {
    std::size_t pos = 0;
    std::uint32_t count = 0;
    const std::size_t n = payload.size();
    while (pos < n) {
        const std::uint64_t at = base + pos;
        if (n - pos < 4)
            return Error{"SMBIOS structure at offset {o}: its 4-byte header runs past the payload end {l}", at, 4,
                         base + n};
        const std::uint8_t len = payload[pos + 1];
        if (len < 4)
            return Error{"SMBIOS structure at offset {o}: formatted length {v} is below the 4-byte header", at, len, 4};
        if (len > n - pos)
            return Error{"SMBIOS structure at offset {o}: formatted length {v} runs past the payload end {l}", at, len,
                         base + n};
        std::size_t q = pos + len;
        bool ended = false;
        while (q + 1 < n) {
            if (payload[q] == 0 && payload[q + 1] == 0) {
                ended = true;
                break;
            }
            ++q;
        }
        if (!ended)
            return Error{"SMBIOS structure at offset {o}: string-set has no double NUL before the payload end {l}", at,
                         0, base + n};
        pos = q + 2;
        ++count;
        if (count > expected)
            return Error{"SMBIOS payload holds more structures than structure_count {l} (extra one at offset {o})",
                         base + pos, count, expected};
    }
    if (count != expected)
        return Error{"SMBIOS payload holds {v} structures but structure_count is {l}", base + n, count, expected};
    return {};
}

Status read_smbios(ModuleView& m) {
    if (m.type_header.size() < sizeof(domfw_smbios_module_header))
        return Error{"header_length {v} is below {l}, the common + SMBIOS module header", 8, m.header_length,
                     kModuleHeader + sizeof(domfw_smbios_module_header)};
    ByteReader r(m.type_header);
    m.smbios.major = r.u8_at(0).value();
    m.smbios.minor = r.u8_at(1).value();
    m.smbios.docrev = r.u8_at(2).value();
    const std::uint8_t reserved = r.u8_at(3).value();
    m.smbios.structure_count = r.u32_at(4).value();
    if (reserved != 0) return Error{"SMBIOS module reserved byte is {v}, not 0", kModuleHeader + 3, reserved, 0};
    if (m.smbios.major < 2) return Error{"SMBIOS version major {v} is below 2", kModuleHeader, m.smbios.major, 2};
    if (m.smbios.structure_count == 0 || m.smbios.structure_count > DOMFW_SMBIOS_MODULE_MAX_STRUCTURES)
        return Error{"SMBIOS structure_count {v} is outside 1..{l}", kModuleHeader + 4, m.smbios.structure_count,
                     DOMFW_SMBIOS_MODULE_MAX_STRUCTURES};
    return walk_smbios(m.payload, m.header_length, m.smbios.structure_count);
}

// ACPI 6.5 §5.2.6: signature @0, length @4; all `length` bytes sum to zero.
Status walk_acpi(ModuleView& m) {
    const Bytes p = m.payload;
    const std::uint32_t base = m.header_length;
    std::size_t pos = 0;
    std::uint32_t count = 0;
    bool slic = false;
    while (pos < p.size()) {
        const std::uint64_t at = base + pos;
        const std::size_t left = p.size() - pos;
        if (left < DOMFW_ACPI_TABLE_HEADER_LENGTH)
            return Error{"ACPI table at offset {o}: only {v} bytes left, below the 36-byte table header", at, left,
                         DOMFW_ACPI_TABLE_HEADER_LENGTH};
        ByteReader r(p.subspan(pos));
        const std::uint32_t sig = r.u32_at(0).value();
        const std::uint32_t len = r.u32_at(4).value();
        if (len < DOMFW_ACPI_TABLE_HEADER_LENGTH)
            return Error{"ACPI table {vsig} at offset {o}: length {l} is below the 36-byte table header", at, sig, len};
        if (len > left)
            return Error{"ACPI table {vsig} at offset {o}: length {l} runs past the payload end", at, sig, len};
        const std::uint8_t sum = sum8(p.subspan(pos, len));
        if (sum != 0)
            return Error{"ACPI table {vsig} at offset {o}: bytes sum to {l}, not 0 (bad checksum)", at, sig, sum};
        if (sig == 0x43494C53U) slic = true; // "SLIC"
        pos += len;
        ++count;
        if (count > m.acpi.table_count)
            return Error{"ACPI payload holds more tables than table_count {l} (extra one at offset {o})", base + pos,
                         count, m.acpi.table_count};
    }
    if (count != m.acpi.table_count)
        return Error{"ACPI payload holds {v} tables but table_count is {l}", base + p.size(), count,
                     m.acpi.table_count};
    if ((m.acpi.acpi_flags & DOMFW_ACPI_F_MATCH_SLIC_OEM_IDS) != 0 && !slic)
        return Error{"ACPI flag MATCH_SLIC_OEM_IDS is set but the payload holds no SLIC table", kModuleHeader + 4,
                     m.acpi.acpi_flags, 0};
    return {};
}

Status read_acpi(ModuleView& m) {
    if (m.type_header.size() < sizeof(domfw_acpi_module_header))
        return Error{"header_length {v} is below {l}, the common + ACPI module header", 8, m.header_length,
                     kModuleHeader + sizeof(domfw_acpi_module_header)};
    ByteReader r(m.type_header);
    m.acpi.table_count = r.u32_at(0).value();
    m.acpi.acpi_flags = r.u32_at(4).value();
    if (m.acpi.table_count == 0 || m.acpi.table_count > DOMFW_ACPI_MODULE_MAX_TABLES)
        return Error{"ACPI table_count {v} is outside 1..{l}", kModuleHeader, m.acpi.table_count,
                     DOMFW_ACPI_MODULE_MAX_TABLES};
    const std::uint32_t unknown =
        m.acpi.acpi_flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_ACPI_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0)
        return Error{"unknown mandatory ACPI flags {v} (known: {l})", kModuleHeader + 4, unknown,
                     DOMFW_ACPI_FLAGS_KNOWN_MANDATORY};
    return walk_acpi(m);
}

// PCI Firmware Specification 3.3 §5.1.1: 55 AA, then the image length in 512-byte units.
Status read_option_rom(ModuleView& m) {
    if (m.type_header.size() < sizeof(domfw_option_rom_module_header))
        return Error{"header_length {v} is below {l}, the common + option ROM module header", 8, m.header_length,
                     kModuleHeader + sizeof(domfw_option_rom_module_header)};
    ByteReader r(m.type_header);
    m.option_rom.pci_vendor_id = r.u16_at(0).value();
    m.option_rom.pci_device_id = r.u16_at(2).value();
    const std::uint32_t reserved = r.u32_at(4).value();
    if (reserved != 0) return Error{"option ROM module reserved field is {v}, not 0", kModuleHeader + 4, reserved, 0};
    if (m.payload.size() < 3)
        return Error{"option ROM payload of {v} bytes is shorter than the 3-byte ROM header", m.header_length,
                     m.payload.size(), 3};
    const std::uint16_t sig = static_cast<std::uint16_t>(m.payload[0] | (m.payload[1] << 8));
    if (sig != 0xAA55U) return Error{"option ROM signature {v} is not 0xaa55", m.header_length, sig, 0xAA55U};
    m.option_rom.image_size = static_cast<std::uint32_t>(m.payload[2]) * 512U;
    if (m.option_rom.image_size == 0 || m.option_rom.image_size > m.payload.size())
        return Error{"option ROM image size {v} (byte 2 x 512) is 0 or exceeds the {l}-byte payload",
                     m.header_length + 2, m.option_rom.image_size, m.payload.size()};
    return {};
}

// Revision 1.1: [domfw_blob_cmdline_header][cmdline_length bytes, NUL last][zeros to header_length].
Status read_blob_cmdline(ModuleView& m) {
    constexpr std::uint32_t kAt = kModuleHeader + sizeof(domfw_blob_module_header);
    constexpr std::uint32_t kText = kAt + sizeof(domfw_blob_cmdline_header);
    if (m.header_length < kText + 1)
        return Error{"blob flag CMDLINE is set but header_length {v} leaves no room for a command line after {l}", 8,
                     m.header_length, kText};
    ByteReader r(m.bytes);
    const std::uint16_t len = r.u16_at(kAt).value();
    const std::uint16_t reserved = r.u16_at(kAt + 2).value();
    const std::uint32_t reserved2 = r.u32_at(kAt + 4).value();
    if (len == 0 || len > DOMFW_BLOB_CMDLINE_MAX_LENGTH)
        return Error{"blob command line length {v} is outside 1..{l} (bytes with its NUL)", kAt, len,
                     DOMFW_BLOB_CMDLINE_MAX_LENGTH};
    if (reserved != 0 || reserved2 != 0)
        return Error{"blob command line reserved fields are {v}, not 0", kAt + 2, reserved | reserved2, 0};
    if (!range_fits(kText, len, m.header_length))
        return Error{"blob command line of {v} bytes at offset {o} runs past header_length {l}", kText, len,
                     m.header_length};
    const Bytes text = m.bytes.subspan(kText, len);
    if (text[len - 1U] != 0)
        return Error{"blob command line is not NUL-terminated: its last byte at offset {o} is {v}", kText + len - 1U,
                     text[len - 1U], 0};
    for (std::uint32_t i = 0; i + 1U < len; ++i)
        if (text[i] == 0)
            return Error{"blob command line has a NUL at offset {o}, before its end {l}", kText + i, 0,
                         kText + len - 1U};
    for (std::uint32_t i = kText + len; i < m.header_length; ++i)
        if (m.bytes[i] != 0) return Error{"blob header padding byte at offset {o} is {v}, not 0", i, m.bytes[i], 0};
    m.blob.has_cmdline = true;
    m.blob.cmdline = text.first(len - 1U);
    return {};
}

Status read_blob(ModuleView& m) {
    if (m.type_header.size() < sizeof(domfw_blob_module_header))
        return Error{"header_length {v} is below {l}, the common + blob module header", 8, m.header_length,
                     kModuleHeader + sizeof(domfw_blob_module_header)};
    const Bytes name = m.type_header.first(DOMFW_BLOB_NAME_LENGTH);
    std::size_t len = 0;
    while (len < name.size() && name[len] != 0) {
        if (name[len] < 0x21 || name[len] > 0x7E)
            return Error{"blob name byte at offset {o} is {v}, not a printable non-space character",
                         kModuleHeader + len, name[len], 0};
        ++len;
    }
    if (len == 0) return Error{"blob name is empty", kModuleHeader, 0, 0};
    if (len == name.size())
        return Error{"blob name has no NUL within its {l} bytes", kModuleHeader, len, DOMFW_BLOB_NAME_LENGTH};
    for (std::size_t i = len; i < name.size(); ++i)
        if (name[i] != 0)
            return Error{"blob name padding byte at offset {o} is {v}, not 0", kModuleHeader + i, name[i], 0};
    const std::uint64_t reserved = ByteReader(m.type_header).u64_at(DOMFW_BLOB_NAME_LENGTH).value();
    if (reserved != 0)
        return Error{"blob module reserved field is {v}, not 0", kModuleHeader + DOMFW_BLOB_NAME_LENGTH, reserved, 0};
    m.blob.name = name.first(len);
    if ((m.flags & DOMFW_MODULE_F_BLOB_CMDLINE) != 0) return read_blob_cmdline(m);
    return {};
}

} // namespace

bool looks_like_module(Bytes data) { return has_signature(data, DOMFW_MODULE_SIGNATURE); }
bool looks_like_bundle(Bytes data) { return has_signature(data, DOMFW_BUNDLE_SIGNATURE); }

Result<ModuleView> read_module(Bytes data) {
    // 1. buffer >= header
    if (data.size() < kModuleHeader)
        return Error{"buffer of {l} bytes is shorter than the {v}-byte module header", 0, kModuleHeader, data.size()};
    ByteReader r(data);
    if (!looks_like_module(data))
        // The bytes found are not printed: any file can be named, and its content is not ours to show.
        return Error{"no \"DFWM\" signature at offset {o}: not a module", 0, 0, 0};
    const std::uint16_t version = r.u16_at(6).value();
    if (version > DOMFW_MODULE_VERSION)
        return Error{"format version {v} is newer than this reader, which knows version {l}: use a newer domfw", 6,
                     version, DOMFW_MODULE_VERSION};
    if (version != DOMFW_MODULE_VERSION)
        return Error{"format version {v} is not supported (this reader knows version {l})", 6, version,
                     DOMFW_MODULE_VERSION};
    ModuleView m;
    m.type = r.u16_at(4).value();
    m.header_length = r.u32_at(8).value();
    m.total_length = r.u32_at(12).value();
    m.flags = r.u32_at(16).value();
    m.crc32c = r.u32_at(20).value();
    // 2. claimed lengths >= header, within bounds
    if (m.header_length < kModuleHeader)
        return Error{"header_length {v} is below the {l}-byte common header", 8, m.header_length, kModuleHeader};
    if (!is_aligned(m.header_length, DOMFW_MODULE_ALIGN))
        return Error{"header_length {v} is not a multiple of {l}", 8, m.header_length, DOMFW_MODULE_ALIGN};
    if (m.header_length > DOMFW_MODULE_MAX_HEADER_LENGTH)
        return Error{"header_length {v} exceeds the limit {l}", 8, m.header_length, DOMFW_MODULE_MAX_HEADER_LENGTH};
    if (m.total_length < m.header_length)
        return Error{"total_length {v} is below header_length {l}", 12, m.total_length, m.header_length};
    if (m.total_length > DOMFW_MODULE_MAX_LENGTH)
        return Error{"total_length {v} exceeds the limit {l}", 12, m.total_length, DOMFW_MODULE_MAX_LENGTH};
    // 3. claimed length <= bytes held
    if (m.total_length > data.size())
        return Error{"total_length {v} exceeds the {l} bytes held", 12, m.total_length, data.size()};
    m.bytes = data.first(m.total_length);
    // 4. checksum
    const std::uint32_t crc = crc_without_field(m.bytes, kModuleCrcOffset);
    if (crc != m.crc32c) return Error{"CRC-32C {v} does not match the computed {l}", kModuleCrcOffset, m.crc32c, crc};
    // 5. meaning
    const std::uint32_t unknown = m.flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_MODULE_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0)
        return Error{"unknown mandatory flags {v} (known: {l})", 16, unknown, DOMFW_MODULE_FLAGS_KNOWN_MANDATORY};
    m.type_header = m.bytes.subspan(kModuleHeader, m.header_length - kModuleHeader);
    m.payload = m.bytes.subspan(m.header_length);
    Status s;
    switch (m.type) {
    case DOMFW_MODULE_TYPE_SMBIOS: s = read_smbios(m); break;
    case DOMFW_MODULE_TYPE_ACPI: s = read_acpi(m); break;
    case DOMFW_MODULE_TYPE_OPTION_ROM: s = read_option_rom(m); break;
    case DOMFW_MODULE_TYPE_BLOB: s = read_blob(m); break;
    default:
        if ((m.flags & DOMFW_MODULE_F_REQUIRED) != 0)
            return Error{"type {v} is unknown to this reader but the module is marked REQUIRED", 4, m.type, 0};
        m.known = false;
        return m;
    }
    if (!s) return s.error();
    m.known = true;
    return m;
}

Result<BundleView> read_bundle(Bytes data) {
    if (data.size() < kBundleHeader)
        return Error{"buffer of {l} bytes is shorter than the {v}-byte bundle header", 0, kBundleHeader, data.size()};
    if (!looks_like_bundle(data)) return Error{"no \"DFWB\" signature at offset {o}: not a bundle", 0, 0, 0};
    ByteReader r(data);
    const std::uint16_t version = r.u16_at(4).value();
    if (version > DOMFW_BUNDLE_VERSION)
        return Error{"bundle format version {v} is newer than this reader, which knows version {l}: use a newer domfw",
                     4, version, DOMFW_BUNDLE_VERSION};
    if (version != DOMFW_BUNDLE_VERSION)
        return Error{"bundle format version {v} is not supported (this reader knows version {l})", 4, version,
                     DOMFW_BUNDLE_VERSION};
    BundleView b;
    b.header_length = r.u16_at(6).value();
    b.total_length = r.u32_at(8).value();
    b.flags = r.u32_at(12).value();
    b.module_count = r.u32_at(16).value();
    b.entry_size = r.u16_at(20).value();
    const std::uint16_t reserved = r.u16_at(22).value();
    b.crc32c = r.u32_at(24).value();
    const std::uint32_t reserved2 = r.u32_at(28).value();
    if (b.header_length < kBundleHeader)
        return Error{"bundle header_length {v} is below the {l}-byte bundle header", 6, b.header_length, kBundleHeader};
    if (!is_aligned(b.header_length, DOMFW_MODULE_ALIGN) || b.header_length > kMaxBundleHeader)
        return Error{"bundle header_length {v} is not a multiple of 8 or exceeds {l}", 6, b.header_length,
                     kMaxBundleHeader};
    if (b.entry_size < kBundleEntry || !is_aligned(b.entry_size, 4) || b.entry_size > kMaxEntrySize)
        return Error{"bundle entry_size {v} is below 16, not a multiple of 4, or above {l}", 20, b.entry_size,
                     kMaxEntrySize};
    if (b.module_count > DOMFW_BUNDLE_MAX_MODULES)
        return Error{"bundle module_count {v} exceeds the limit {l}", 16, b.module_count, DOMFW_BUNDLE_MAX_MODULES};
    // Bounded above: header <= 0x1000, count <= 1024, entry <= 0x100, so no overflow in 32 bits.
    const std::uint32_t dir_end = b.header_length + b.module_count * b.entry_size;
    if (b.total_length < dir_end)
        return Error{"bundle total_length {v} is below the end of the directory {l}", 8, b.total_length, dir_end};
    if (b.total_length > DOMFW_BUNDLE_MAX_LENGTH)
        return Error{"bundle total_length {v} exceeds the limit {l}", 8, b.total_length, DOMFW_BUNDLE_MAX_LENGTH};
    if (b.total_length > data.size())
        return Error{"bundle total_length {v} exceeds the {l} bytes held", 8, b.total_length, data.size()};
    b.bytes = data.first(b.total_length);
    const std::uint32_t crc = crc_without_field(b.bytes.first(dir_end), kBundleCrcOffset);
    if (crc != b.crc32c)
        return Error{"bundle CRC-32C {v} does not match the computed {l}", kBundleCrcOffset, b.crc32c, crc};
    const std::uint32_t unknown = b.flags & DOMFW_MODULE_FLAGS_MANDATORY_MASK & ~DOMFW_BUNDLE_FLAGS_KNOWN_MANDATORY;
    if (unknown != 0)
        return Error{"unknown mandatory bundle flags {v} (known: {l})", 12, unknown,
                     DOMFW_BUNDLE_FLAGS_KNOWN_MANDATORY};
    if (reserved != 0 || reserved2 != 0)
        return Error{"bundle reserved fields are {v}, not 0", 22, reserved | reserved2, 0};
    // The directory: ascending, 8-aligned, non-overlapping entries inside the bundle.
    std::uint32_t next_free = dir_end;
    for (std::uint32_t i = 0; i < b.module_count; ++i) {
        DOMFW_TRY(BundleEntry e, bundle_entry(b, i));
        const std::uint32_t at = b.header_length + i * b.entry_size;
        if (e.offset < next_free)
            return Error{"bundle directory entry at offset {o}: module offset {v} overlaps what ends at {l}", at,
                         e.offset, next_free};
        if (!is_aligned(e.offset, DOMFW_MODULE_ALIGN))
            return Error{"bundle directory entry at offset {o}: module offset {v} is not a multiple of {l}", at,
                         e.offset, DOMFW_MODULE_ALIGN};
        if (e.length < sizeof(domfw_module_header))
            return Error{"bundle directory entry at offset {o}: module length {v} is below the {l}-byte module header",
                         at, e.length, sizeof(domfw_module_header)};
        if (!range_fits(e.offset, e.length, b.total_length))
            return Error{"bundle directory entry at offset {o}: module at {v} runs past the bundle end {l}", at,
                         e.offset, b.total_length};
        const std::uint16_t entry_reserved = ByteReader(b.bytes).u16_at(at + 10).value();
        if (entry_reserved != 0)
            return Error{"bundle directory entry at offset {o}: reserved field is {v}, not 0", at, entry_reserved, 0};
        next_free = e.offset + e.length;
    }
    return b;
}

Result<BundleEntry> bundle_entry(const BundleView& b, std::uint32_t index) {
    if (index >= b.module_count)
        return Error{"bundle has no directory entry {v} (module_count {l})", 16, index, b.module_count};
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
        return Error{"module at {o} runs past the bundle end {l}", e.offset, e.length, b.bytes.size()};
    DOMFW_TRY(ModuleView m, read_module(b.bytes.subspan(e.offset, e.length)));
    if (m.total_length != e.length)
        return Error{"module total_length {v} differs from its directory entry's length {l}", 12, m.total_length,
                     e.length};
    if (m.type != e.type)
        return Error{"module type {v} differs from its directory entry's type {l}", 4, m.type, e.type};
    if (m.crc32c != e.crc32c)
        return Error{"module CRC-32C {v} differs from its directory entry's {l}", 20, m.crc32c, e.crc32c};
    return m;
}

} // namespace domfw::core
