// The acpidump text reader on the variants the corpus holds and a few it does not.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "acpi/acpidump_text.hpp"
#include "acpi/load.hpp"
#include "support/files.hpp"
#include "test_paths.hpp"

namespace domfw::acpi {
namespace {
using namespace domfw::acpi::testing;

const char* kTiny = "DSDT @ 0x00000000dafe8000 (36 bytes)\r\n"
                    "  00000000: 44 53 44 54 24 00 00 00 01 c1 4c 45 4e 4f 56 4f  DSDT$.....LENOVO\r\n"
                    "  00000010: 54 50 2d 47 32 20 20 20 10 11 00 00 49 4e 54 4c  TP-G2   ....INTL\r\n"
                    "  00000020: 09 11 06 20                                      ... \r\n"
                    "\r\n"
                    "Firmware Warning (ACPI): something the kernel said @ boot\r\n"
                    "SSDT @ (nil)\r\n"
                    "    0000: 53 53 44 54 24 00 00 00 01 00 00 00 00 00 00 00  SSDT$...........\r\n"
                    "    0010: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\r\n"
                    "    0020: 00 00 00 00                                      ....\r\n";

TEST(AcpidumpText, VariantsCrlfLongOffsetsLowercaseNil) {
    auto blocks = parse_acpidump_text(kTiny, "t");
    ASSERT_TRUE(blocks.has_value()) << blocks.error().message;
    ASSERT_EQ(blocks->size(), 2U);
    EXPECT_EQ((*blocks)[0].name, "DSDT");
    EXPECT_EQ((*blocks)[0].address, std::optional<std::uint64_t>(0xdafe8000));
    EXPECT_EQ((*blocks)[0].bytes.size(), 36U);
    EXPECT_EQ((*blocks)[0].bytes[9], 0xc1);
    EXPECT_EQ((*blocks)[1].name, "SSDT");
    EXPECT_EQ((*blocks)[1].address, std::nullopt);
    EXPECT_EQ((*blocks)[1].line, 7U);
}

// The 48-character fast path (SSE2) for full lines against the byte-at-a-time loop: every byte
// value in both cases of hex, and a bad character at each of the 48 positions, which must fall
// back to the loop and its exact message (or, for a blank, to a line that ends early).
TEST(AcpidumpText, FullLinesEveryByteAndEveryBadPosition) {
    std::string text = "TEST @ 0x0\n";
    for (int line = 0; line < 16; ++line) {
        text += fmt::format("  {:04X}:", line * 16);
        for (int k = 0; k < 16; ++k)
            text += line % 2 ? fmt::format(" {:02X}", line * 16 + k) : fmt::format(" {:02x}", line * 16 + k);
        text += "  ................\n";
    }
    auto blocks = parse_acpidump_text(text, "t");
    ASSERT_TRUE(blocks.has_value()) << blocks.error().message;
    ASSERT_EQ((*blocks)[0].bytes.size(), 256U);
    for (std::size_t i = 0; i < 256; ++i)
        EXPECT_EQ((*blocks)[0].bytes[i], i);

    const std::string good = "T @ 0x0\n  0000: 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff  ................\n";
    const std::size_t first = good.find(':') + 1;
    for (std::size_t at = first; at < first + 48; ++at) {
        std::string bad = good;
        bad[at] = (at - first) % 3 == 0 ? 'x' : 'g';
        auto r = parse_acpidump_text(bad, "t");
        const std::size_t group = (at - first) / 3;
        if ((at - first) % 3 != 0) {
            ASSERT_FALSE(r.has_value()) << "position " << at - first;
            const std::size_t tok = first + group * 3 + 1;
            EXPECT_EQ(r.error().message, fmt::format("t:2:{}: '{}' is not a two-digit hex byte", tok - good.find('\n'),
                                                     bad.substr(tok, 2)));
        } else if (group == 0) { // no blank after "0000:"
            ASSERT_FALSE(r.has_value());
            EXPECT_EQ(r.error().message, "t:2: hex line holds no bytes");
        } else { // the byte before runs into the next: "00x11"
            ASSERT_FALSE(r.has_value());
            const std::size_t tok = first + (group - 1) * 3 + 1;
            EXPECT_EQ(r.error().message, fmt::format("t:2:{}: '{}' is not a two-digit hex byte", tok - good.find('\n'),
                                                     bad.substr(tok, bad.find(' ', tok) - tok)));
        }
    }
}

// A piece of the file quoted between '...' is escaped (docs/README.md, "How bytes are shown"):
// the quote and the backslash too, so the message shows exactly which bytes were there.
TEST(AcpidumpText, QuotedPiecesAreEscaped) {
    auto r = parse_acpidump_text("T @ 0x0\n  0000: 0'\\\x01 11\n", "t");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "t:2:9: '0\\x27\\x5c\\x01' is not a two-digit hex byte");
}

TEST(AcpidumpText, PmtoolsFormatKeepsRootTablesAndAddresses) {
    auto f = corpus_acpi() / "fwts" / "Lenovo_ThinkPad_TP-68_pmtools_format" / "acpidump.txt";
    if (!std::filesystem::exists(f)) GTEST_SKIP() << "no corpus";
    auto text = support::read_text_file(f);
    ASSERT_TRUE(text.has_value());
    auto set = load_acpidump_text(*text, "tp68");
    ASSERT_TRUE(set.has_value()) << set.error().message;
    ASSERT_EQ(set->size(), 20U);
    const AcpiTable& rsdp = set->tables()[0];
    EXPECT_EQ(rsdp.kind(), TableKind::kRsdp);
    EXPECT_EQ(rsdp.origin().address, std::optional<std::uint64_t>(0xf7240));
    EXPECT_EQ(rsdp.checksum_ok(), std::optional<bool>(true));
    EXPECT_EQ(rsdp.revision(), 2);
    // Two FADTs (the RSDT's 1.0 one and the XSDT's 3.0 one) and two APICs, named as Linux would.
    auto names = set->names();
    EXPECT_EQ(std::count(names.begin(), names.end(), "FACP1"), 1);
    EXPECT_EQ(std::count(names.begin(), names.end(), "FACP2"), 1);
    EXPECT_EQ(std::count(names.begin(), names.end(), "SSDT5"), 1);
    for (const auto& t : set->tables()) {
        EXPECT_TRUE(t.problem().empty()) << t.problem();
        if (t.kind() != TableKind::kFacs) {
            EXPECT_EQ(t.checksum_ok(), std::optional<bool>(true)) << t.signature_text();
        }
    }
}

TEST(AcpidumpText, EveryCorpusDumpLoadsAndOnlyKnownTablesAreBroken) {
    std::size_t loaded = 0, broken = 0, bad_sum = 0;
    for (const auto& f : corpus_dumps()) {
        auto text = support::read_text_file(f);
        ASSERT_TRUE(text.has_value());
        auto set = load_acpidump_text(*text, f.string());
        ASSERT_TRUE(set.has_value()) << set.error().message;
        ++loaded;
        for (const auto& t : set->tables()) {
            broken += t.problem().empty() ? 0 : 1;
            bad_sum += t.problem().empty() && t.checksum_ok() == std::optional<bool>(false) ? 1 : 0;
        }
    }
    if (loaded == 0) GTEST_SKIP() << "no corpus";
    EXPECT_EQ(broken, 1U);  // fwts ASUS SSDT3: 0x730 of its 0x73f bytes were logged
    EXPECT_EQ(bad_sum, 1U); // linuxhw Gigabyte TAMG
}

} // namespace
} // namespace domfw::acpi
