// Faults in words, freestanding: one wording table per format (a constexpr switch from each
// fault to the pieces of its sentence: fixed text and the values it names) and one renderer that
// writes a sentence into a caller's sink. The host gives it a std::string (support/fault_text),
// the guest loader its console, so both print the same sentence for the same fault.
//
// Adding a fault: one line in its format's list, src/core/faults/<format>.def, which builds both
// the enum and its words (src/core/fault_words.cpp), so the two cannot drift (docs/loader.md,
// "Fault messages").
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/acpi_table.hpp"
#include "core/byte_reader.hpp"
#include "core/elf_image.hpp"
#include "core/module_reader.hpp"
#include "core/result.hpp"
#include "core/smbios_firmware.hpp"
#include "core/smbios_walk.hpp"
#include "core/text_sink.hpp"

namespace domfw::core {

// The values a sentence may name. A core::Error fills offset..object and `what`; the loader's
// own faults also fill the rest.
enum class Field : std::uint8_t {
    offset,           // hex
    value,            // hex
    limit,            // hex
    object,           // hex
    value_dec,        //
    limit_dec,        //
    object_dec,       //
    value_byte,       // 0xNN: a checksum or length byte
    limit_byte,       //
    size,             // hex
    end,              // offset + size (hex), saturated at 2^64 - 1
    index,            // decimal
    what,             // a generic fault's static text, or the loader's object name
    other,            // the loader's second object name
    cause,            // the loader's nested core fault, rendered whole
    object_high_dec,  // object >> 32 (ELF: the first segment of an overlap)
    object_low_dec,   // object & 0xffffffff (ELF: the second)
    structure,        // SMBIOS: "SMBIOS structure at offset 0x.. (type T, handle 0xNNNN)"
    structure_type,   // SMBIOS: object = type << 16 | handle
    structure_handle, // 0xNNNN
    module_type,      // the module type in object, in words ("SMBIOS", "blob", ...)
    anchor,           // SMBIOS entry point kind in object: "_SM_", "_SM3_", "_DMI_"
    found_bytes,      // `limit` bytes packed big-endian in value, quoted
    signature,        // ACPI: the signature in object (kSignatureHeld set), quoted, else nothing
};

struct Piece {
    const char* text = nullptr; // nullptr: a field (or the end, when field is Field::offset too)
    Field field = Field::offset;
    bool is_field = false;
    constexpr Piece() = default;
    constexpr Piece(const char* t) : text(t) {}
    constexpr Piece(Field f) : field(f), is_field(true) {}
};

// A sentence: its pieces in order, unused ones left empty.
struct Words {
    static constexpr std::size_t kMaxPieces = 14;
    Piece pieces[kMaxPieces];
};

// Everything a sentence draws on.
struct Subject {
    std::uint64_t offset = 0;
    std::uint64_t value = 0;
    std::uint64_t limit = 0;
    std::uint64_t object = 0;
    std::uint64_t size = 0;
    std::uint64_t index = 0;
    const char* what = "";
    const char* other = "";
    const Error* cause = nullptr;
};

// The fields every wording table names most, one letter each (O offset, V value, L limit; d in
// decimal, b as one byte), so a sentence of the tables reads on one line. The tables say
// `using namespace fields;`; names of one format's own fields stay in its file.
namespace fields {
inline constexpr Field O = Field::offset, V = Field::value, L = Field::limit, Vd = Field::value_dec,
                       Ld = Field::limit_dec, Vb = Field::value_byte, Lb = Field::limit_byte;
} // namespace fields

// The wording tables, one per format (src/core/fault_words.cpp, from src/core/faults/*.def).
[[nodiscard]] Words words(ModuleFault f);
[[nodiscard]] Words words(acpi::AcpiFault f);
[[nodiscard]] Words words(smbios::EntryFault f);
[[nodiscard]] Words words(smbios::WalkFault f);
[[nodiscard]] Words words(SmbiosFirmwareFault f);
[[nodiscard]] Words words(ElfFault f);

// The one renderer: `w` with the values of `s`.
void write_words(TextSink& out, const Words& w, const Subject& s);
// A core fault's sentence, from its reader's table.
void write_fault(TextSink& out, const Error& e);
// A fault inside a sequence of ACPI tables: "<label> 'SIG' at offset 0x..: <sentence>" (the
// signature when 4 bytes were held). `label`: "ACPI table", "table 3", ...
void write_table_fault(TextSink& out, const Error& e, const char* label);
// A fault met reading a module or bundle, its ACPI tables placed by write_table_fault.
void write_module_fault(TextSink& out, const Error& e);
// Record `index` of an hvmloader smbios_firmware file: "entry N at offset 0x..: <sentence>"
// (a structure fault: "entry N: <structure's sentence>").
void write_firmware_record_fault(TextSink& out, const Error& e, std::uint64_t index);

} // namespace domfw::core
