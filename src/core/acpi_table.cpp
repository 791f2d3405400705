#include "core/acpi_table.hpp"

#include <cstddef>

#include "core/checked.hpp"
#include "core/checksum.hpp"
#include "core/wire_names.hpp"

namespace domfw::core::acpi {
namespace wire = domfw::abi::acpi;

namespace {

template <std::size_t N> std::array<std::uint8_t, N> copy_id(Bytes b) {
    std::array<std::uint8_t, N> out{};
    for (std::size_t i = 0; i < N && i < b.size(); ++i)
        out[i] = b[i];
    return out;
}

// The byte `field` should hold so that `bytes` sums to zero.
std::uint8_t fixed_byte(Bytes bytes, std::size_t field) {
    return static_cast<std::uint8_t>(bytes[field] - sum8(bytes));
}

} // namespace

std::uint64_t signature_object(Bytes table) {
    if (table.size() < 4) return 0;
    return kSignatureHeld | ByteReader(table).u32_at(0).value();
}

bool signature_is(const Signature& s, const char (&want)[5]) {
    return s[0] == static_cast<std::uint8_t>(want[0]) && s[1] == static_cast<std::uint8_t>(want[1]) &&
           s[2] == static_cast<std::uint8_t>(want[2]) && s[3] == static_cast<std::uint8_t>(want[3]);
}

Result<TableHeader> read_header(Bytes buf) {
    if (buf.size() < kHeaderSize)
        return fault(AcpiFault::table_buffer_short, 0, buf.size(), kHeaderSize, signature_object(buf));
    ByteReader r(buf);
    TableHeader h;
    h.signature = copy_id<4>(buf.subspan(0, 4));
    DOMFW_TRY(h.length, r.u32_at(offsetof(wire::TableHeader, length)));
    DOMFW_TRY(h.revision, r.u8_at(offsetof(wire::TableHeader, revision)));
    DOMFW_TRY(h.checksum, r.u8_at(offsetof(wire::TableHeader, checksum)));
    h.oem_id = copy_id<6>(buf.subspan(offsetof(wire::TableHeader, oem_id), 6));
    h.oem_table_id = copy_id<8>(buf.subspan(offsetof(wire::TableHeader, oem_table_id), 8));
    DOMFW_TRY(h.oem_revision, r.u32_at(offsetof(wire::TableHeader, oem_revision)));
    h.creator_id = copy_id<4>(buf.subspan(offsetof(wire::TableHeader, creator_id), 4));
    DOMFW_TRY(h.creator_revision, r.u32_at(offsetof(wire::TableHeader, creator_revision)));
    return h;
}

Result<TableView> table_bounds(Bytes buf) {
    DOMFW_TRY(TableHeader h, read_header(buf));
    constexpr std::size_t length_at = offsetof(wire::TableHeader, length);
    if (h.length < kHeaderSize)
        return fault(AcpiFault::table_length_below_header, length_at, h.length, kHeaderSize, signature_object(buf));
    if (h.length > buf.size())
        return fault(AcpiFault::table_length_past_end, length_at, h.length, buf.size(), signature_object(buf));
    return TableView{h, buf.subspan(0, h.length)};
}

std::uint8_t expected_checksum(const TableView& t) {
    return fixed_byte(t.bytes, offsetof(wire::TableHeader, checksum));
}

Status check_checksum(const TableView& t) {
    if (sum8(t.bytes) != 0) {
        return fault(AcpiFault::table_bad_checksum, offsetof(wire::TableHeader, checksum), t.header.checksum,
                     expected_checksum(t), signature_object(t.bytes));
    }
    return {};
}

Result<TableView> checked_table(Bytes buf) {
    DOMFW_TRY(TableView t, table_bounds(buf));
    DOMFW_TRY_STATUS(check_checksum(t));
    return t;
}

bool TableSequence::next(TableView& out) {
    if (failed_ || pos_ == bytes_.size()) return false;
    // Offsets in faults are the table's start in the sequence; the fault names the field.
    const Bytes rest = bytes_.subspan(pos_);
    auto t = checked_table(rest);
    if (!t) {
        error_ = t.error();
        error_.offset = pos_;
        failed_ = true;
        return false;
    }
    out = *t;
    pos_ += t->bytes.size();
    ++count_;
    return true;
}

Result<RsdpView> rsdp_bounds(Bytes buf) {
    if (buf.size() < kRsdpV1Size) return fault(AcpiFault::rsdp_buffer_short, 0, buf.size(), kRsdpV1Size);
    // The signature identifies the structure (an RSDP has no other header to check first).
    if (!starts_with(buf, "RSD PTR ")) return fault(AcpiFault::rsdp_bad_signature, 0, 0, 0);
    ByteReader r(buf);
    RsdpView v;
    v.oem_id = copy_id<6>(buf.subspan(offsetof(wire::RsdpV1, oem_id), 6));
    DOMFW_TRY(v.revision, r.u8_at(offsetof(wire::RsdpV1, revision)));
    DOMFW_TRY(v.rsdt_address, r.u32_at(offsetof(wire::RsdpV1, rsdt_address)));
    v.length = kRsdpV1Size;
    if (v.has_extended_part()) {
        if (buf.size() < kRsdpV2Size) return fault(AcpiFault::rsdp_v2_buffer_short, 0, buf.size(), kRsdpV2Size);
        constexpr std::size_t length_at = offsetof(wire::Rsdp, length);
        DOMFW_TRY(v.length, r.u32_at(length_at));
        if (v.length < kRsdpV2Size) return fault(AcpiFault::rsdp_length_below, length_at, v.length, kRsdpV2Size);
        if (v.length > buf.size()) return fault(AcpiFault::rsdp_length_past_end, length_at, v.length, buf.size());
        DOMFW_TRY(v.xsdt_address, r.u64_at(offsetof(wire::Rsdp, xsdt_address)));
    }
    v.bytes = buf.subspan(0, v.length);
    return v;
}

Status check_rsdp_checksums(const RsdpView& v) {
    Bytes v1 = v.bytes.subspan(0, kRsdpV1Size);
    constexpr std::size_t sum_at = offsetof(wire::RsdpV1, checksum);
    if (sum8(v1) != 0) return fault(AcpiFault::rsdp_bad_checksum, sum_at, v1[sum_at], fixed_byte(v1, sum_at));
    if (v.has_extended_part() && sum8(v.bytes) != 0) {
        constexpr std::size_t xsum_at = offsetof(wire::Rsdp, extended_checksum);
        return fault(AcpiFault::rsdp_bad_extended_checksum, xsum_at, v.bytes[xsum_at], fixed_byte(v.bytes, xsum_at));
    }
    return {};
}

Result<RsdpView> check_rsdp(Bytes buf) {
    DOMFW_TRY(RsdpView v, rsdp_bounds(buf));
    DOMFW_TRY_STATUS(check_rsdp_checksums(v));
    return v;
}

Result<RootTable> RootTable::from(const TableView& t) {
    RootTable root;
    if (signature_is(t.header.signature, "RSDT"))
        root.entry_size_ = wire::kRsdtEntrySize;
    else if (signature_is(t.header.signature, "XSDT"))
        root.entry_size_ = wire::kXsdtEntrySize;
    else
        return fault(AcpiFault::root_not_root, 0, 0, 0, signature_object(t.bytes));
    DOMFW_TRY(std::size_t body, checked_sub(t.bytes.size(), kHeaderSize));
    root.count_ = body / root.entry_size_;
    root.trailing_ = body % root.entry_size_;
    root.bytes_ = t.bytes;
    return root;
}

Result<std::uint64_t> RootTable::entry(std::size_t index) const {
    if (index >= count_) return fault(AcpiFault::root_index_past_end, 0, index, count_);
    DOMFW_TRY(std::size_t rel, checked_mul(index, entry_size_));
    DOMFW_TRY(std::size_t at, checked_add(rel, kHeaderSize));
    ByteReader r(bytes_);
    if (entry_size_ == wire::kRsdtEntrySize) {
        DOMFW_TRY(std::uint32_t v, r.u32_at(at));
        return std::uint64_t{v};
    }
    return r.u64_at(at);
}

Result<FadtPointers> fadt_pointers(const TableView& fadt) {
    if (!signature_is(fadt.header.signature, "FACP"))
        return fault(AcpiFault::table_wrong_signature, 0, 0, 0, signature_object(fadt.bytes));
    constexpr std::size_t dsdt_end = offsetof(wire::FadtPointers, dsdt) + 4;
    if (fadt.bytes.size() < dsdt_end) return fault(AcpiFault::fadt_too_short, 4, fadt.bytes.size(), dsdt_end);
    ByteReader r(fadt.bytes);
    FadtPointers p;
    DOMFW_TRY(std::uint32_t facs32, r.u32_at(offsetof(wire::FadtPointers, firmware_ctrl)));
    DOMFW_TRY(std::uint32_t dsdt32, r.u32_at(offsetof(wire::FadtPointers, dsdt)));
    p.facs = facs32;
    p.dsdt = dsdt32;
    // §5.2.9: X_FIRMWARE_CTRL / X_DSDT exist only in a FADT long enough to hold them.
    auto x_field = [&](std::size_t at) -> std::uint64_t {
        auto v = r.u64_at(at);
        return v ? v.value() : 0;
    };
    if (std::uint64_t x = x_field(offsetof(wire::FadtPointers, x_firmware_ctrl)); x != 0) p.facs = x;
    if (std::uint64_t x = x_field(offsetof(wire::FadtPointers, x_dsdt)); x != 0) p.dsdt = x;
    return p;
}

Result<FacsView> check_facs(Bytes buf) {
    if (buf.size() < kFacsMinSize) return fault(AcpiFault::facs_buffer_short, 0, buf.size(), kFacsMinSize);
    if (!starts_with(buf, "FACS")) return fault(AcpiFault::facs_bad_signature, 0, 0, 0);
    ByteReader r(buf);
    FacsView v;
    constexpr std::size_t length_at = offsetof(wire::Facs, length);
    DOMFW_TRY(v.length, r.u32_at(length_at));
    if (v.length < kFacsMinSize) return fault(AcpiFault::facs_length_below, length_at, v.length, kFacsMinSize);
    if (v.length > buf.size()) return fault(AcpiFault::facs_length_past_end, length_at, v.length, buf.size());
    DOMFW_TRY(v.version, r.u8_at(offsetof(wire::Facs, version)));
    v.bytes = buf.subspan(0, v.length);
    return v;
}

Result<Bytes> PhysicalImage::from(std::uint64_t address) const {
    if (address < base) return fault(AcpiFault::address_below_image, 0, address, base);
    std::uint64_t off = address - base;
    if (off >= bytes.size()) {
        auto end = checked_add<std::uint64_t>(base, bytes.size());
        return fault(AcpiFault::address_past_image, 0, address, end ? end.value() : ~std::uint64_t{0});
    }
    return bytes.subspan(static_cast<std::size_t>(off));
}

Result<std::uint64_t> find_rsdp(const PhysicalImage& image) {
    // Candidates start on 16-byte physical boundaries; the image base need not be aligned.
    std::size_t first = static_cast<std::size_t>((16 - (image.base % 16)) % 16);
    for (std::size_t off = first; off + kRsdpV1Size <= image.bytes.size(); off += 16) {
        if (image.bytes[off] != 'R' || !starts_with(image.bytes.subspan(off), "RSD PTR ")) continue;
        if (check_rsdp(image.bytes.subspan(off))) return checked_add<std::uint64_t>(image.base, off);
    }
    return fault(AcpiFault::no_rsdp_in_image, 0, image.base, image.bytes.size());
}

} // namespace domfw::core::acpi
