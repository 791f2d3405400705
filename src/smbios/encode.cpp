#include "smbios/encode.hpp"

#include <algorithm>
#include <cstddef>

#include "core/byte_writer.hpp"
#include "core/checksum.hpp"
#include "core/wire_names.hpp"
#include "smbios/errors.hpp"

namespace domfw::smbios {

namespace cs = core::smbios;

Expected<std::uint16_t> HandleAllocator::allocate() {
    while (next_ < 0xFFFE && used_.contains(static_cast<std::uint16_t>(next_)))
        ++next_;
    if (next_ >= 0xFFFE) return fail("SMBIOS handle allocation: no free handle below 0xfffe ({} in use)", used_.size());
    const auto h = static_cast<std::uint16_t>(next_++);
    used_.insert(h);
    return h;
}

Expected<std::uint16_t> SmbiosBuilder::add(std::uint8_t type, std::vector<std::uint8_t> body,
                                           std::vector<std::string> strings) {
    DOMFW_TRY_X(std::uint16_t handle, handles_.allocate());
    Structure s;
    s.type = type;
    s.handle = handle;
    if (body.size() > 0xFF - 4)
        return fail("SMBIOS structure (type {}): formatted area of {:#x} bytes does not fit the length byte", type,
                    body.size() + 4);
    s.formatted = {type, static_cast<std::uint8_t>(body.size() + 4), static_cast<std::uint8_t>(handle & 0xFF),
                   static_cast<std::uint8_t>(handle >> 8)};
    s.formatted.insert(s.formatted.end(), body.begin(), body.end());
    s.strings = std::move(strings);
    table_.structures.push_back(std::move(s));
    return handle;
}

Expected<SmbiosTable> SmbiosBuilder::finish() {
    DOMFW_TRY_X(std::uint16_t handle, handles_.allocate());
    Structure end;
    end.type = abi::kSmbiosEndOfTable;
    end.handle = handle;
    end.formatted = {abi::kSmbiosEndOfTable, 4, static_cast<std::uint8_t>(handle & 0xFF),
                     static_cast<std::uint8_t>(handle >> 8)};
    table_.structures.push_back(std::move(end));
    DOMFW_TRY_X(auto bytes, encode_structures(table_.structures));
    table_.table_bytes = std::move(bytes);
    table_.used_bytes = table_.table_bytes.size();
    return table_;
}

Expected<std::vector<std::uint8_t>> encode_structure(const Structure& s) {
    const auto who = [&] { return fmt::format("SMBIOS structure (type {}, handle {:#06x})", s.type, s.handle); };
    if (s.formatted.size() < sizeof(abi::SmbiosStructureHeader))
        return fail("{}: formatted length {:#x} is below the 4-byte header", who(), s.formatted.size());
    if (s.formatted.size() > 0xFF)
        return fail("{}: formatted length {:#x} does not fit the length byte", who(), s.formatted.size());
    if (s.strings.size() > 0xFF) return fail("{}: {} strings, at most 255 can be referenced", who(), s.strings.size());
    std::vector<std::uint8_t> out(s.formatted.begin(), s.formatted.end());
    out[0] = s.type;
    out[1] = static_cast<std::uint8_t>(s.formatted.size());
    out[2] = static_cast<std::uint8_t>(s.handle & 0xFF);
    out[3] = static_cast<std::uint8_t>(s.handle >> 8);
    for (std::size_t i = 0; i < s.strings.size(); ++i) {
        const std::string& str = s.strings[i];
        // §6.1.3: strings are NUL-terminated and an empty one would end the set early.
        if (str.empty()) return fail("{}: string {} is empty (it would end the string set)", who(), i + 1);
        if (str.find('\0') != std::string::npos) return fail("{}: string {} holds a NUL byte", who(), i + 1);
        out.insert(out.end(), str.begin(), str.end());
        out.push_back(0);
    }
    if (s.strings.empty()) out.push_back(0);
    out.push_back(0);
    return out;
}

Expected<std::vector<std::uint8_t>> encode_structures(const std::vector<Structure>& structures) {
    std::vector<std::uint8_t> out;
    for (const Structure& s : structures) {
        DOMFW_TRY_X(auto bytes, encode_structure(s));
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    return out;
}

Expected<std::vector<std::uint8_t>> build_entry_point_2x(const EntryPointFields& f) {
    if (f.table_address > 0xFFFFFFFFU)
        return fail("_SM_ entry point: table address {:#x} does not fit 32 bits", f.table_address);
    if (f.table_length > 0xFFFF)
        return fail("_SM_ entry point: table length {:#x} does not fit 16 bits", f.table_length);
    std::vector<std::uint8_t> out(core::smbios::kSm2Length, 0);
    core::smbios::write_sm2(out, f);
    return out;
}

Expected<std::vector<std::uint8_t>> build_entry_point_3x(const EntryPointFields& f) {
    std::vector<std::uint8_t> out(core::smbios::kSm3Length, 0);
    core::smbios::write_sm3(out, f);
    return out;
}

EntryPointFields describe_table(const SmbiosTable& t, std::uint64_t address) {
    EntryPointFields f;
    f.major = t.major();
    f.minor = t.minor();
    f.docrev = t.docrev;
    f.table_address = address;
    f.table_length = static_cast<std::uint32_t>(std::min<std::size_t>(t.table_bytes.size(), 0xFFFFFFFFU));
    f.structure_count = static_cast<std::uint16_t>(std::min<std::size_t>(t.structures.size(), 0xFFFF));
    std::size_t largest = 0;
    for (const Structure& s : t.structures) {
        std::size_t n = s.formatted.size() + 1;
        for (const std::string& str : s.strings)
            n += str.size() + 1;
        if (s.strings.empty()) ++n;
        largest = std::max(largest, n);
    }
    f.max_structure_size = static_cast<std::uint16_t>(std::min<std::size_t>(largest, 0xFFFF));
    return f;
}

namespace {

Expected<std::vector<std::uint8_t>> built_entry_point(const SmbiosTable& t, std::uint64_t address) {
    const EntryPointFields f = describe_table(t, address);
    if (t.major() >= 3) return build_entry_point_3x(f);
    return build_entry_point_2x(f);
}

} // namespace

Expected<std::vector<std::uint8_t>> sysfs_entry_point(const SmbiosTable& t) {
    if (t.entry && !t.entry_bytes.empty()) return t.entry_bytes;
    return built_entry_point(t, 0);
}

Expected<std::vector<std::uint8_t>> dump_bin_image(const SmbiosTable& t) {
    std::vector<std::uint8_t> ep;
    if (t.entry && !t.entry_bytes.empty()) {
        // Keep the firmware's entry point (version, count, lengths as announced) and only move
        // the table, as dmidecode --dump-bin does.
        ep = t.entry_bytes;
        std::span<std::uint8_t> b(ep);
        core::ByteWriter w(b);
        switch (t.entry->kind) {
        case cs::EntryKind::smbios2:
            w.u32_at(offsetof(abi::SmbiosEntryPoint21, table_address), kDumpBinTableOffset);
            break;
        case cs::EntryKind::smbios3:
            w.u64_at(offsetof(abi::Smbios3EntryPoint, table_address), kDumpBinTableOffset);
            break;
        case cs::EntryKind::legacy_dmi:
            w.u32_at(offsetof(abi::LegacyDmiEntryPoint, table_address), kDumpBinTableOffset);
            break;
        }
        cs::seal_entry_point(b, t.entry->kind);
        if (!w.ok())
            return Unexpected(
                Error{domfw::describe(w.fault(), fmt::format("{} entry point", anchor_name(t.entry->kind)))});
    } else {
        DOMFW_TRY_X(auto built, built_entry_point(t, kDumpBinTableOffset));
        ep = std::move(built);
    }
    if (ep.size() > kDumpBinTableOffset)
        return fail("SMBIOS entry point of {:#x} bytes does not fit before offset 0x20", ep.size());
    std::vector<std::uint8_t> out(kDumpBinTableOffset, 0);
    std::copy(ep.begin(), ep.end(), out.begin());
    out.insert(out.end(), t.table_bytes.begin(), t.table_bytes.end());
    return out;
}

} // namespace domfw::smbios
