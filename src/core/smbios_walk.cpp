#include "core/smbios_walk.hpp"

#include <cstddef>

#include "core/checked.hpp"
#include "core/checksum.hpp"
#include "core/wire_names.hpp"

namespace domfw::core::smbios {

namespace {

using abi::LegacyDmiEntryPoint;
using abi::Smbios3EntryPoint;
using abi::SmbiosEntryPoint21;

constexpr const char* kSm = "_SM_";
constexpr const char* kSm3 = "_SM3_";
constexpr const char* kDmi = "_DMI_";

// The bytes found where an anchor belongs, for the error: up to kAnchorShown of them packed
// big-endian into `value`, and how many were held into `limit` (a 4-byte buffer has only 4), so
// the message shows exactly the bytes read.
struct FoundBytes {
    std::uint64_t value = 0;
    std::size_t count = 0;
};
FoundBytes found_bytes(Bytes b) {
    FoundBytes f;
    for (; f.count < kAnchorShown && f.count < b.size(); ++f.count)
        f.value = (f.value << 8) | b[f.count];
    return f;
}

EntryResult fault(EntryKind kind, EntryFault f, std::uint64_t value, std::uint64_t limit) {
    EntryResult r;
    r.error = EntryError{f, kind, value, limit};
    return r;
}

// Reads a field at its documented offset; the caller proved the bytes are held.
template <class T> T field(const ByteReader& r, std::size_t off) {
    if constexpr (sizeof(T) == 1)
        return r.u8_at(off).value();
    else if constexpr (sizeof(T) == 2)
        return r.u16_at(off).value();
    else if constexpr (sizeof(T) == 4)
        return r.u32_at(off).value();
    else
        return r.u64_at(off).value();
}

// "_SM_" (§5.2.1): the length byte covers the whole entry point; dmidecode accepts up to 0x20
// (some firmware pads), and 0x1E is the SMBIOS 2.1 erratum value.
EntryResult parse_sm(Bytes b) {
    constexpr EntryKind kind = EntryKind::smbios2;
    if (b.size() < sizeof(SmbiosEntryPoint21))
        return fault(kind, EntryFault::too_short, b.size(), sizeof(SmbiosEntryPoint21));
    ByteReader r(b);
    const std::uint8_t len = field<std::uint8_t>(r, offsetof(SmbiosEntryPoint21, length));
    if (len < 0x1E || len > 0x20) return fault(kind, EntryFault::bad_length, len, 0x1E);
    if (len > b.size()) return fault(kind, EntryFault::length_past_end, len, b.size());
    if (std::uint8_t s = sum8(b.first(len)); s != 0) return fault(kind, EntryFault::bad_checksum, s, len);
    Bytes inter = b.subspan(abi::kSmbiosIntermediateOffset, abi::kSmbiosIntermediateLength);
    if (!starts_with(inter, kDmi)) {
        const FoundBytes found = found_bytes(inter);
        return fault(kind, EntryFault::bad_intermediate_anchor, found.value, found.count);
    }
    if (std::uint8_t s = sum8(inter); s != 0)
        return fault(kind, EntryFault::bad_intermediate_checksum, s, abi::kSmbiosIntermediateLength);

    EntryResult out{.ok = true, .entry = {.kind = kind, .length = len}};
    EntryPoint& e = out.entry;
    e.major = field<std::uint8_t>(r, offsetof(SmbiosEntryPoint21, major));
    e.minor = field<std::uint8_t>(r, offsetof(SmbiosEntryPoint21, minor));
    e.version = effective_version(static_cast<std::uint16_t>(e.major << 8 | e.minor), e.version_fixed);
    e.max_structure_size = field<std::uint16_t>(r, offsetof(SmbiosEntryPoint21, max_structure_size));
    e.revision = field<std::uint8_t>(r, offsetof(SmbiosEntryPoint21, revision));
    e.table_length = field<std::uint16_t>(r, offsetof(SmbiosEntryPoint21, table_length));
    e.table_address = field<std::uint32_t>(r, offsetof(SmbiosEntryPoint21, table_address));
    e.structure_count = field<std::uint16_t>(r, offsetof(SmbiosEntryPoint21, structure_count));
    return out;
}

// "_SM3_" (§5.2.2): length 0x18; the table size is only a maximum.
EntryResult parse_sm3(Bytes b) {
    constexpr EntryKind kind = EntryKind::smbios3;
    if (b.size() < sizeof(Smbios3EntryPoint))
        return fault(kind, EntryFault::too_short, b.size(), sizeof(Smbios3EntryPoint));
    ByteReader r(b);
    const std::uint8_t len = field<std::uint8_t>(r, offsetof(Smbios3EntryPoint, length));
    if (len < sizeof(Smbios3EntryPoint) || len > 0x20)
        return fault(kind, EntryFault::bad_length, len, sizeof(Smbios3EntryPoint));
    if (len > b.size()) return fault(kind, EntryFault::length_past_end, len, b.size());
    if (std::uint8_t s = sum8(b.first(len)); s != 0) return fault(kind, EntryFault::bad_checksum, s, len);

    EntryResult out{.ok = true, .entry = {.kind = kind, .length = len}};
    EntryPoint& e = out.entry;
    e.major = field<std::uint8_t>(r, offsetof(Smbios3EntryPoint, major));
    e.minor = field<std::uint8_t>(r, offsetof(Smbios3EntryPoint, minor));
    e.docrev = field<std::uint8_t>(r, offsetof(Smbios3EntryPoint, docrev));
    e.version = static_cast<std::uint16_t>(e.major << 8 | e.minor);
    e.revision = field<std::uint8_t>(r, offsetof(Smbios3EntryPoint, revision));
    e.table_length = field<std::uint32_t>(r, offsetof(Smbios3EntryPoint, table_max_size));
    e.table_address = field<std::uint64_t>(r, offsetof(Smbios3EntryPoint, table_address));
    return out;
}

// DMI 2.0 "_DMI_" alone: 15 bytes, BCD version (high nibble major, low nibble minor).
EntryResult parse_legacy(Bytes b) {
    constexpr EntryKind kind = EntryKind::legacy_dmi;
    if (b.size() < sizeof(LegacyDmiEntryPoint))
        return fault(kind, EntryFault::too_short, b.size(), sizeof(LegacyDmiEntryPoint));
    ByteReader r(b);
    if (std::uint8_t s = sum8(b.first(sizeof(LegacyDmiEntryPoint))); s != 0)
        return fault(kind, EntryFault::bad_checksum, s, sizeof(LegacyDmiEntryPoint));
    EntryResult out{.ok = true, .entry = {.kind = kind, .length = sizeof(LegacyDmiEntryPoint)}};
    EntryPoint& e = out.entry;
    const std::uint8_t bcd = field<std::uint8_t>(r, offsetof(LegacyDmiEntryPoint, bcd_revision));
    e.major = static_cast<std::uint8_t>(bcd >> 4);
    e.minor = static_cast<std::uint8_t>(bcd & 0x0F);
    e.version = static_cast<std::uint16_t>(e.major << 8 | e.minor);
    e.table_length = field<std::uint16_t>(r, offsetof(LegacyDmiEntryPoint, table_length));
    e.table_address = field<std::uint32_t>(r, offsetof(LegacyDmiEntryPoint, table_address));
    e.structure_count = field<std::uint16_t>(r, offsetof(LegacyDmiEntryPoint, structure_count));
    return out;
}

} // namespace

std::uint16_t effective_version(std::uint16_t announced, bool& fixed) {
    fixed = true;
    switch (announced) {
    case 0x021F: // "2.31": firmware that wrote the BCD-ish "3.1" into the minor byte
    case 0x0221: // "2.33"
        return 0x0203;
    case 0x0233: // "2.51"
        return 0x0206;
    default: fixed = false; return announced;
    }
}

bool has_anchor(Bytes b, EntryKind& kind) {
    if (starts_with(b, kSm3))
        kind = EntryKind::smbios3;
    else if (starts_with(b, kSm))
        kind = EntryKind::smbios2;
    else if (starts_with(b, kDmi))
        kind = EntryKind::legacy_dmi;
    else
        return false;
    return true;
}

EntryResult parse_entry_point(Bytes b) {
    EntryKind kind{};
    if (b.size() < 4) return fault(EntryKind::smbios2, EntryFault::too_short, b.size(), sizeof(LegacyDmiEntryPoint));
    if (!has_anchor(b, kind)) {
        const FoundBytes found = found_bytes(b);
        return fault(EntryKind::smbios2, EntryFault::unknown_anchor, found.value, found.count);
    }
    switch (kind) {
    case EntryKind::smbios3: return parse_sm3(b);
    case EntryKind::smbios2: return parse_sm(b);
    case EntryKind::legacy_dmi: break;
    }
    return parse_legacy(b);
}

Error walk_error(const WalkError& e, std::size_t base) {
    return core::fault(e.fault, base + e.offset, e.value, e.limit, std::uint64_t{e.type} << 16 | e.handle);
}

Bytes string_at(const Structure& s, std::uint8_t index) {
    if (index == 0) return {};
    std::size_t pos = 0;
    const Bytes set = s.strings;
    for (std::uint8_t i = 1;; ++i) {
        if (pos >= set.size() || set[pos] == 0) return {}; // the empty string ends the set
        std::size_t end = pos;
        while (end < set.size() && set[end] != 0)
            ++end;
        if (i == index) return set.subspan(pos, end - pos);
        if (i == 0xFF) return {};
        pos = end + 1;
    }
}

std::size_t string_count(const Structure& s) {
    std::size_t n = 0;
    std::size_t pos = 0;
    const Bytes set = s.strings;
    while (pos < set.size() && set[pos] != 0) {
        while (pos < set.size() && set[pos] != 0)
            ++pos;
        ++pos;
        ++n;
    }
    return n;
}

bool StructureWalk::next(Structure& out) {
    if (stop_ != WalkStop::running) return false;
    if (max_count_ != 0 && count_ >= max_count_) {
        stop_ = WalkStop::count_reached;
        return false;
    }
    const std::size_t left = table_.size() - pos_;
    if (left < sizeof(abi::SmbiosStructureHeader)) {
        stop_ = WalkStop::end_of_data;
        return false;
    }
    ByteReader r(table_);
    const std::uint8_t type = r.u8_at(pos_ + offsetof(abi::SmbiosStructureHeader, type)).value();
    const std::uint8_t len = r.u8_at(pos_ + offsetof(abi::SmbiosStructureHeader, length)).value();
    const std::uint16_t handle = r.u16_at(pos_ + offsetof(abi::SmbiosStructureHeader, handle)).value();
    auto broken = [&](WalkFault f, std::uint64_t value, std::uint64_t limit) {
        error_ = WalkError{f, pos_, type, handle, value, limit};
        stop_ = WalkStop::error;
        return false;
    };
    // §6.1.2: the formatted area includes the 4-byte header; anything shorter leaves no way to
    // find the next structure.
    if (len < sizeof(abi::SmbiosStructureHeader))
        return broken(WalkFault::short_formatted, len, sizeof(abi::SmbiosStructureHeader));
    if (len > left) return broken(WalkFault::formatted_past_end, len, left);
    // §6.1.3: the string set ends with a double NUL (two NULs when there are no strings).
    const std::size_t set_start = pos_ + len;
    // Two bytes at a time where it can: when table_[i + 1] is not NUL, no double NUL starts at i
    // or at i + 1, so both are passed at once (the guest loader walks every module's structures
    // three times; this halves the scan of their strings: docs/loader.md, "Cost").
    const std::size_t n = table_.size();
    std::size_t i = set_start; // <= n: len <= left
    bool found = false;
    while (i + 1 < n) {
        if (table_[i + 1] != 0) {
            i += 2;
        } else if (table_[i] == 0) {
            found = true;
            break;
        } else {
            ++i;
        }
    }
    if (!found) return broken(WalkFault::unterminated_strings, table_.size() - set_start, 0);
    out.offset = pos_;
    out.type = type;
    out.length = len;
    out.handle = handle;
    out.formatted = table_.subspan(pos_, len);
    out.strings = table_.subspan(set_start, i + 2 - set_start);
    pos_ = i + 2;
    ++count_;
    if (type == abi::kSmbiosEndOfTable && !through_end_) stop_ = WalkStop::end_of_table;
    return true;
}

} // namespace domfw::core::smbios
