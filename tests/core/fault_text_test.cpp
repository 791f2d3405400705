// core/fault_text: every fault of every format has words (a missing case is a build error; an
// empty or placeholder sentence is caught here), and the renderer's values read as fmt's would.
#include <gtest/gtest.h>

#include <string>

#include "core/fault_text.hpp"

using namespace domfw::core;

namespace {

std::string text_of(const Error& e) {
    std::string out;
    TextSink sink([](void* s, const char* t, std::size_t n) { static_cast<std::string*>(s)->append(t, n); }, &out);
    write_fault(sink, e);
    return out;
}

// Each fault from the first enumerator to `last`: a sentence of its own, no fallback, no
// unfilled piece.
template <class F> void expect_every_fault_worded(F last, const char* format) {
    for (unsigned c = 0; c <= static_cast<unsigned>(last); ++c) {
        const std::string t = text_of(fault(static_cast<F>(c), 0x10, 0x20, 0x30, 0x40));
        EXPECT_FALSE(t.empty()) << format << " fault " << c;
        EXPECT_EQ(t.find(" fault "), std::string::npos) << format << " fault " << c << ": " << t;
        EXPECT_EQ(t.find('{'), std::string::npos) << t;
    }
    // One past the last: the fallback names the reader and the code.
    const std::string past = text_of(fault(static_cast<F>(static_cast<unsigned>(last) + 1), 0x10, 0, 0));
    EXPECT_NE(past.find(" fault " + std::to_string(static_cast<unsigned>(last) + 1) + " at offset 0x10"),
              std::string::npos)
        << past;
}

} // namespace

TEST(FaultText, EveryFaultOfEveryFormatHasWords) {
    expect_every_fault_worded(ModuleFault::entry_crc_mismatch, "module");
    expect_every_fault_worded(acpi::AcpiFault::no_rsdp_in_image, "ACPI");
    expect_every_fault_worded(smbios::EntryFault::bad_intermediate_checksum, "SMBIOS entry point");
    expect_every_fault_worded(smbios::WalkFault::unterminated_strings, "SMBIOS structure");
    expect_every_fault_worded(SmbiosFirmwareFault::length_not_size, "smbios_firmware");
    expect_every_fault_worded(ElfFault::pvh_entry_above_4g, "ELF");
}

TEST(FaultText, ValuesReadAsTheHostsFormatWouldPrintThem) {
    // {:#x}, {:#04x} and {:#06x}, decimal, quoted signature bytes.
    EXPECT_EQ(text_of(fault(acpi::AcpiFault::table_bad_checksum, 9, 0x2c, 0x0b)),
              "checksum 0x2c is wrong, should be 0x0b");
    EXPECT_EQ(text_of(fault(smbios::WalkFault::short_formatted, 0x1de, 2, 0, 0x00007F00)),
              "SMBIOS structure at offset 0x1de (type 0, handle 0x7f00): formatted length 0x02 is below the 4-byte "
              "header");
    EXPECT_EQ(text_of(fault(ElfFault::segments_overlap, 0, 0x1004000, 0x1005000, std::uint64_t{1} << 32 | 2)),
              "PT_LOAD segment 2 at p_paddr 0x1004000 starts inside PT_LOAD segment 1, which ends at 0x1005000");
    EXPECT_EQ(text_of(fault(ModuleFault::crc, 0x14, 0, ~std::uint64_t{0})),
              "CRC-32C 0x0 does not match the computed 0xffffffffffffffff");
    EXPECT_EQ(text_of({"read past end of buffer", 8, 4, 10}), "read past end of buffer at offset 0x8 (0x4 vs 0xa)");
}

TEST(FaultText, TablesInASequenceAreNamedBySignatureWhenHeld) {
    std::string out;
    TextSink sink([](void* s, const char* t, std::size_t n) { static_cast<std::string*>(s)->append(t, n); }, &out);
    const std::uint64_t sig = acpi::kSignatureHeld | 0x5444'5327; // "'SDT": the quote is escaped
    write_table_fault(sink, fault(acpi::AcpiFault::table_length_past_end, 0x28, 0x73f, 0x730, sig), "table 1");
    EXPECT_EQ(out, "table 1 '\\x27SDT' at offset 0x28: length 0x73f exceeds the 0x730 bytes held");
    out.clear();
    write_table_fault(sink, fault(acpi::AcpiFault::table_buffer_short, 0x28, 3, 36), "table 1");
    EXPECT_EQ(out, "table 1 at offset 0x28: holds 0x3 bytes, fewer than the 36-byte table header");
}
