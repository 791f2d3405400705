// core/acpi_table: the freestanding checks, on hand-made bytes.
#include <gtest/gtest.h>

#include <vector>

#include "core/acpi_table.hpp"
#include "core/checksum.hpp"

namespace domfw::core::acpi {
namespace {

std::vector<std::uint8_t> make_table(const char* sig, std::size_t size, std::uint32_t length = 0) {
    std::vector<std::uint8_t> t(size, 0);
    for (std::size_t i = 0; i < 4; ++i)
        t[i] = static_cast<std::uint8_t>(sig[i]);
    std::uint32_t len = length != 0 ? length : static_cast<std::uint32_t>(size);
    for (std::size_t i = 0; i < 4; ++i)
        t[4 + i] = static_cast<std::uint8_t>(len >> (8 * i));
    t[9] = sum8_fix(std::span<const std::uint8_t>(t).subspan(0, std::min<std::size_t>(len, size)));
    return t;
}

void put64(std::vector<std::uint8_t>& b, std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i)
        b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

TEST(AcpiHeader, ValidationOrder) {
    auto t = make_table("APIC", 44);
    auto v = checked_table(t);
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(signature_is(v->header.signature, "APIC"));
    EXPECT_EQ(v->bytes.size(), 44U);
    // A buffer longer than the table: the view is exactly `length` bytes.
    t.push_back(0xEE);
    EXPECT_EQ(checked_table(t)->bytes.size(), 44U);

    EXPECT_TRUE(table_bounds(Bytes(t).subspan(0, 35)).error().is(AcpiFault::table_buffer_short));
    auto below = make_table("APIC", 44, 35);
    EXPECT_TRUE(table_bounds(below).error().is(AcpiFault::table_length_below_header));
    auto past = make_table("APIC", 44, 45);
    auto e = table_bounds(past).error();
    EXPECT_TRUE(e.is(AcpiFault::table_length_past_end));
    EXPECT_EQ(e.value, 45U);
    EXPECT_EQ(e.limit, 44U);
    auto bad = make_table("APIC", 44);
    bad[20] ^= 1;
    auto sum = checked_table(bad);
    ASSERT_FALSE(sum.ok());
    EXPECT_TRUE(sum.error().is(AcpiFault::table_bad_checksum));
    EXPECT_EQ(sum.error().offset, 9U);
    EXPECT_EQ(static_cast<std::uint8_t>(sum.error().limit), expected_checksum(*table_bounds(bad)));
    // A length that leaves the checksum wrong still passes the bounds (step 3 before step 4).
    EXPECT_TRUE(table_bounds(bad).ok());
}

TEST(AcpiRsdp, Revisions) {
    std::vector<std::uint8_t> v1(20, 0);
    const char* sig = "RSD PTR ";
    for (std::size_t i = 0; i < 8; ++i)
        v1[i] = static_cast<std::uint8_t>(sig[i]);
    v1[16] = 0x78;
    v1[17] = 0x56;
    v1[8] = sum8_fix(v1);
    auto r = check_rsdp(v1);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_extended_part());
    EXPECT_EQ(r->root_address(), 0x5678U);
    EXPECT_EQ(r->bytes.size(), 20U);

    std::vector<std::uint8_t> v2 = v1;
    v2.resize(36, 0);
    v2[15] = 2;
    v2[20] = 36;
    put64(v2, 24, 0x1'0000'1000ULL);
    v2[8] = 0;
    v2[8] = sum8_fix(std::span<const std::uint8_t>(v2).subspan(0, 20));
    v2[32] = sum8_fix(v2);
    r = check_rsdp(v2);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->root_address(), 0x1'0000'1000ULL);
    // XSDT address 0: fall back to the RSDT like ACPICA.
    put64(v2, 24, 0);
    v2[32] = 0;
    v2[32] = sum8_fix(v2);
    EXPECT_EQ(check_rsdp(v2)->root_address(), 0x5678U);
    // Revision 1 is read as the 20-byte form (ACPICA only uses the XSDT from revision 2 on).
    std::vector<std::uint8_t> r1 = v1;
    r1[15] = 1;
    r1[8] = 0;
    r1[8] = sum8_fix(r1);
    EXPECT_TRUE(check_rsdp(r1).ok());
    EXPECT_TRUE(check_rsdp(Bytes(v1).subspan(0, 8)).error().is(AcpiFault::rsdp_buffer_short));
}

TEST(AcpiRootTable, Walk) {
    auto x = make_table("XSDT", 36 + 16 + 3);
    put64(x, 36, 0xAABBCCDD00112233ULL);
    put64(x, 44, 0x1000);
    x[9] = 0;
    x[9] = sum8_fix(x);
    auto v = checked_table(x);
    ASSERT_TRUE(v.ok());
    auto root = RootTable::from(*v);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(root->count(), 2U);
    EXPECT_EQ(root->trailing_bytes(), 3U);
    EXPECT_EQ(*root->entry(0), 0xAABBCCDD00112233ULL);
    EXPECT_EQ(*root->entry(1), 0x1000U);
    EXPECT_TRUE(root->entry(2).error().is(AcpiFault::root_index_past_end));

    auto rsdt = make_table("RSDT", 36 + 8);
    rsdt[36] = 0x44;
    rsdt[40] = 0x88;
    rsdt[9] = 0;
    rsdt[9] = sum8_fix(rsdt);
    auto rr = RootTable::from(*checked_table(rsdt));
    ASSERT_TRUE(rr.ok());
    EXPECT_EQ(rr->entry_size(), 4U);
    EXPECT_EQ(*rr->entry(1), 0x88U);
    EXPECT_TRUE(RootTable::from(*checked_table(make_table("APIC", 40))).error().is(AcpiFault::root_not_root));
}

TEST(AcpiFadt, PointersByVersion) {
    auto v1 = make_table("FACP", 116);
    v1[36] = 0x40; // FIRMWARE_CTRL
    v1[40] = 0x80; // DSDT
    auto p = fadt_pointers(*table_bounds(v1));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->facs, 0x40U);
    EXPECT_EQ(p->dsdt, 0x80U);
    auto v5 = make_table("FACP", 244);
    v5[36] = 0x40;
    v5[40] = 0x80;
    put64(v5, 0x84, 0x1'0000'0040ULL);
    put64(v5, 0x8C, 0x1'0000'0080ULL);
    p = fadt_pointers(*table_bounds(v5));
    EXPECT_EQ(p->facs, 0x1'0000'0040ULL);
    EXPECT_EQ(p->dsdt, 0x1'0000'0080ULL);
    EXPECT_TRUE(fadt_pointers(*table_bounds(make_table("APIC", 244))).error().is(AcpiFault::table_wrong_signature));
    EXPECT_TRUE(fadt_pointers(*table_bounds(make_table("FACP", 40))).error().is(AcpiFault::fadt_too_short));
}

TEST(AcpiImage, AddressArithmeticIsChecked) {
    std::vector<std::uint8_t> bytes(64, 0);
    PhysicalImage img{~std::uint64_t{0} - 16, bytes};
    EXPECT_TRUE(img.from(0).error().is(AcpiFault::address_below_image));
    // An image reaching the top of the address space: base + size would wrap, offsets do not.
    auto top = img.from(~std::uint64_t{0});
    ASSERT_TRUE(top.ok());
    EXPECT_EQ(top->size(), 48U);
    EXPECT_TRUE(find_rsdp(img).error().is(AcpiFault::no_rsdp_in_image));
    PhysicalImage low{0x1000, bytes};
    auto past = low.from(0x1040);
    ASSERT_FALSE(past.ok());
    EXPECT_TRUE(past.error().is(AcpiFault::address_past_image));
    EXPECT_EQ(past.error().limit, 0x1040U);
}

TEST(AcpiImage, FindRsdpOnSixteenByteBoundaries) {
    std::vector<std::uint8_t> bytes(96, 0);
    // An unaligned image base: the RSDP at image offset 0x18 sits at physical 0x1020.
    PhysicalImage img{0x1008, bytes};
    const char* sig = "RSD PTR ";
    for (std::size_t i = 0; i < 8; ++i)
        bytes[0x18 + i] = static_cast<std::uint8_t>(sig[i]);
    bytes[0x18 + 8] = sum8_fix(std::span<const std::uint8_t>(bytes).subspan(0x18, 20));
    img.bytes = bytes;
    EXPECT_EQ(*find_rsdp(img), 0x1020U);
}

TEST(AcpiSequence, WalksTablesBackToBackAndStopsAtTheFirstBadOne) {
    std::vector<std::uint8_t> two = make_table("SSDT", 40);
    const auto slic = make_table("SLIC", 44);
    two.insert(two.end(), slic.begin(), slic.end());
    TableSequence ok(two);
    TableView t;
    ASSERT_TRUE(ok.next(t));
    EXPECT_TRUE(signature_is(t.header.signature, "SSDT"));
    ASSERT_TRUE(ok.next(t));
    EXPECT_TRUE(signature_is(t.header.signature, "SLIC"));
    EXPECT_FALSE(ok.next(t));
    EXPECT_FALSE(ok.failed());
    EXPECT_EQ(ok.count(), 2U);

    // The second table's checksum broken: the fault names it by its start, index and signature.
    auto bad = two;
    bad[40 + 9] ^= 1;
    TableSequence seq(bad);
    ASSERT_TRUE(seq.next(t));
    EXPECT_FALSE(seq.next(t));
    ASSERT_TRUE(seq.failed());
    const Error& e = seq.error();
    EXPECT_TRUE(e.is(AcpiFault::table_bad_checksum));
    EXPECT_EQ(e.offset, 40U);
    EXPECT_EQ(seq.count(), 1U);
    EXPECT_EQ(e.object, kSignatureHeld | 0x43494C53U); // "SLIC"
    EXPECT_EQ(e.value, bad[40 + 9]);
    EXPECT_EQ(e.limit, slic[9]);

    // Three bytes left: too short for a signature, so the fault names none.
    auto cut = two;
    cut.resize(40 + 3);
    TableSequence short_seq(cut);
    ASSERT_TRUE(short_seq.next(t));
    EXPECT_FALSE(short_seq.next(t));
    EXPECT_TRUE(short_seq.error().is(AcpiFault::table_buffer_short));
    EXPECT_EQ(short_seq.error().object, 0U);
    EXPECT_EQ(short_seq.error().value, 3U);
}

TEST(AcpiFaults, AreTypedNotText) {
    const Error e = table_bounds(make_table("SSDT", 36, 0x40)).error();
    EXPECT_EQ(e.reader, Reader::acpi_table);
    EXPECT_TRUE(e.is(AcpiFault::table_length_past_end));
    EXPECT_FALSE(e.is(AcpiFault::table_length_below_header));
    EXPECT_EQ(e.offset, 4U);
    EXPECT_EQ(e.value, 0x40U);
    EXPECT_EQ(e.limit, 36U);
    EXPECT_EQ(e.object, kSignatureHeld | 0x54445353U); // "SSDT"
}

} // namespace
} // namespace domfw::core::acpi
