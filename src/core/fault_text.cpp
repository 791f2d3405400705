#include "core/fault_text.hpp"

namespace domfw::core {

namespace {

const char* reader_name(Reader r) {
    switch (r) {
    case Reader::generic: return "read";
    case Reader::acpi_table: return "ACPI table";
    case Reader::smbios_entry: return "SMBIOS entry point";
    case Reader::smbios_structure: return "SMBIOS structure";
    case Reader::smbios_firmware: return "smbios_firmware record";
    case Reader::module: return "module";
    case Reader::elf: return "ELF";
    }
    return "core";
}

// Packed big-endian bytes (at most 8), the first in the highest used byte.
void write_found_bytes(TextSink& out, std::uint64_t packed, std::uint64_t count) {
    std::uint8_t b[8] = {};
    const std::size_t n = count < sizeof(b) ? static_cast<std::size_t>(count) : sizeof(b);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(packed >> (8 * (n - 1 - i)));
    out.quoted(Bytes(b, n), '\'');
}

void write_signature(TextSink& out, std::uint64_t object) {
    if ((object & acpi::kSignatureHeld) == 0) return;
    std::uint8_t sig[4];
    for (std::size_t i = 0; i < 4; ++i)
        sig[i] = static_cast<std::uint8_t>(object >> (8 * i));
    out.quoted(Bytes(sig, 4), '\'');
}

void write_field(TextSink& out, Field f, const Subject& s) {
    switch (f) {
    case Field::offset: out.hex(s.offset); return;
    case Field::value: out.hex(s.value); return;
    case Field::limit: out.hex(s.limit); return;
    case Field::object: out.hex(s.object); return;
    case Field::value_dec: out.dec(s.value); return;
    case Field::limit_dec: out.dec(s.limit); return;
    case Field::object_dec: out.dec(s.object); return;
    case Field::value_byte: out.hex(s.value, 2); return;
    case Field::limit_byte: out.hex(s.limit, 2); return;
    case Field::size: out.hex(s.size); return;
    case Field::end: {
        std::uint64_t end = 0;
        out.hex(__builtin_add_overflow(s.offset, s.size, &end) ? ~std::uint64_t{0} : end);
        return;
    }
    case Field::index: out.dec(s.index); return;
    case Field::what: out.str(s.what); return;
    case Field::other: out.str(s.other); return;
    case Field::cause:
        if (s.cause != nullptr) write_fault(out, *s.cause);
        return;
    case Field::object_high_dec: out.dec(s.object >> 32); return;
    case Field::object_low_dec: out.dec(s.object & 0xFFFF'FFFFU); return;
    case Field::structure:
        out.str("SMBIOS structure at offset ").hex(s.offset).str(" (type ").dec(s.object >> 16).str(", handle ");
        out.hex(s.object & 0xFFFFU, 4).str(")");
        return;
    case Field::structure_type: out.dec(s.object >> 16); return;
    case Field::structure_handle: out.hex(s.object & 0xFFFFU, 4); return;
    case Field::module_type: out.str(module_type_name(s.object, "type-specific")); return;
    case Field::anchor: out.str(smbios::anchor_name(static_cast<smbios::EntryKind>(s.object))); return;
    case Field::found_bytes: write_found_bytes(out, s.value, s.limit); return;
    case Field::signature: write_signature(out, s.object); return;
    }
}

// A generic fault's text names no values of its own: they follow it.
constexpr Words kGenericWords = {Field::what,  " at offset ", Field::offset, " (",
                                 Field::value, " vs ",        Field::limit,  ")"};

Words words_of(const Error& e) {
    switch (e.reader) {
    case Reader::generic: return kGenericWords;
    case Reader::acpi_table: return words(e.fault<acpi::AcpiFault>());
    case Reader::smbios_entry: return words(e.fault<smbios::EntryFault>());
    case Reader::smbios_structure: return words(e.fault<smbios::WalkFault>());
    case Reader::smbios_firmware: return words(e.fault<SmbiosFirmwareFault>());
    case Reader::module: return words(e.fault<ModuleFault>());
    case Reader::elf: return words(e.fault<ElfFault>());
    }
    return {};
}

Subject subject_of(const Error& e) {
    return Subject{.offset = e.offset, .value = e.value, .limit = e.limit, .object = e.object, .what = e.what};
}

} // namespace

void write_words(TextSink& out, const Words& w, const Subject& s) {
    for (const Piece& p : w.pieces) {
        if (p.is_field)
            write_field(out, p.field, s);
        else if (p.text != nullptr)
            out.str(p.text);
        else
            return;
    }
}

void write_fault(TextSink& out, const Error& e) {
    const Words w = words_of(e);
    if (!w.pieces[0].is_field && w.pieces[0].text == nullptr) {
        // A code no table knows (a newer writer's, or memory gone bad): say which.
        out.str(reader_name(e.reader)).str(" fault ").dec(e.code).str(" at offset ").hex(e.offset);
        return;
    }
    write_words(out, w, subject_of(e));
}

void write_table_fault(TextSink& out, const Error& e, const char* label) {
    out.str(label);
    if (e.reader == Reader::acpi_table && (e.object & acpi::kSignatureHeld) != 0)
        write_signature(out.str(" "), e.object);
    out.str(" at offset ").hex(e.offset).str(": ");
    write_fault(out, e);
}

void write_module_fault(TextSink& out, const Error& e) {
    if (e.reader == Reader::acpi_table)
        write_table_fault(out, e, "ACPI table");
    else
        write_fault(out, e);
}

void write_firmware_record_fault(TextSink& out, const Error& e, std::uint64_t index) {
    out.str("entry ").dec(index);
    if (e.reader != Reader::smbios_structure) out.str(" at offset ").hex(e.offset);
    if (!e.is(SmbiosFirmwareFault::length_not_size)) out.str(": ");
    write_fault(out, e);
}

} // namespace domfw::core
