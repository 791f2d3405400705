#include "smbios/table.hpp"

#include <fmt/format.h>

#include "smbios/errors.hpp"

namespace domfw::smbios {

namespace cs = core::smbios;

std::optional<std::uint8_t> Structure::byte(std::size_t off) const {
    if (off >= formatted.size()) return std::nullopt;
    return formatted[off];
}

std::optional<std::uint16_t> Structure::word(std::size_t off) const {
    auto r = core::ByteReader(formatted).u16_at(off);
    if (!r) return std::nullopt;
    return *r;
}

std::optional<std::uint32_t> Structure::dword(std::size_t off) const {
    auto r = core::ByteReader(formatted).u32_at(off);
    if (!r) return std::nullopt;
    return *r;
}

std::optional<std::uint64_t> Structure::qword(std::size_t off) const {
    auto r = core::ByteReader(formatted).u64_at(off);
    if (!r) return std::nullopt;
    return *r;
}

const std::string* Structure::string(std::uint8_t index) const {
    if (index == 0 || index > strings.size()) return nullptr;
    return &strings[index - 1U];
}

SmbiosTable walk_table(std::span<const std::uint8_t> table, std::uint16_t version, std::uint32_t announced,
                       std::uint16_t count) {
    SmbiosTable t;
    t.version = version;
    std::span<const std::uint8_t> bytes = table;
    if (announced != 0 && announced < bytes.size()) bytes = bytes.first(announced);
    t.table_bytes.assign(bytes.begin(), bytes.end());
    // Counted first, so `structures` is allocated once at its size: growing it by doubling held
    // up to three times the final vector while moving (a 31 MB table has 1.3 million structures).
    cs::Structure s;
    std::size_t whole = 0;
    for (cs::StructureWalk counter(t.table_bytes, count); counter.next(s);)
        ++whole;
    t.structures.reserve(whole);
    cs::StructureWalk walk(t.table_bytes, count);
    while (walk.next(s)) {
        Structure out;
        out.type = s.type;
        out.handle = s.handle;
        out.offset = s.offset;
        out.formatted.assign(s.formatted.begin(), s.formatted.end());
        const std::size_t n = cs::string_count(s);
        out.strings.reserve(n);
        std::size_t pos = 0;
        for (std::size_t i = 0; i < n; ++i) {
            std::size_t end = pos;
            while (s.strings[end] != 0)
                ++end;
            out.strings.emplace_back(reinterpret_cast<const char*>(s.strings.data() + pos), end - pos);
            pos = end + 1;
        }
        t.structures.push_back(std::move(out));
    }
    t.used_bytes = walk.offset();
    if (walk.stop() == cs::WalkStop::error) t.error = describe(walk.error());
    if (walk.stop() == cs::WalkStop::end_of_data && walk.trailing() != 0)
        t.notes.push_back(fmt::format("{:#x} bytes after the last structure at offset {:#x} are too few for a header",
                                      walk.trailing(), walk.offset()));
    return t;
}

Expected<SmbiosTable> read_table(std::span<const std::uint8_t> entry_point, std::span<const std::uint8_t> table) {
    const cs::EntryResult ep = cs::parse_entry_point(entry_point);
    if (!ep.ok) return Unexpected(Error{describe(ep.error)});
    const cs::EntryPoint& e = ep.entry;
    // 2.x gives the exact length and count; 3.x only a maximum length (§5.2.2), so the walk
    // stops at type 127 or at the end of what is held.
    const std::uint16_t count = e.kind == cs::EntryKind::smbios3 ? 0 : e.structure_count;
    SmbiosTable t = walk_table(table, e.version, e.table_length, count);
    t.docrev = e.docrev;
    t.entry = e;
    t.entry_bytes.assign(entry_point.begin(), entry_point.begin() + e.length);
    if (e.version_fixed)
        t.notes.push_back(fmt::format("SMBIOS version fixup ({}.{} -> {}.{})", e.major, e.minor, t.major(), t.minor()));
    // A 2.x length is exact (§5.2.1): fewer bytes is a cut table, broken like a cut structure
    // (the structures before the cut are kept, as dmidecode shows them).
    if (e.kind != cs::EntryKind::smbios3 && table.size() < e.table_length) {
        std::string cut = fmt::format("SMBIOS table is truncated: {:#x} bytes held, the entry point announces {:#x}",
                                      table.size(), e.table_length);
        if (t.error)
            t.notes.push_back(std::move(cut));
        else
            t.error = std::move(cut);
    }
    if (count != 0 && t.structures.size() < count && !t.error)
        t.notes.push_back(fmt::format("{} structures announced, {} found", count, t.structures.size()));
    return t;
}

std::string version_text(const SmbiosTable& t) {
    if (t.entry && t.entry->kind == cs::EntryKind::smbios3)
        return fmt::format("{}.{}.{}", t.major(), t.minor(), t.docrev);
    return fmt::format("{}.{}", t.major(), t.minor());
}

} // namespace domfw::smbios
