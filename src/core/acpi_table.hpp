// Freestanding checks of ACPI tables (ACPI 6.5 §5.2): the 36-byte header, RSDP v1/v2, the
// RSDT/XSDT entry walk, the FADT's DSDT/FACS pointers and the FACS. The host reader and the guest
// loader share this code. Validation order (STYLE.md): buffer >= header, claimed length >= header,
// claimed length <= bytes held, checksum, then meaning. Errors carry static text, compared by
// address by the hosted side (inline arrays: one address program-wide) to word its messages.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"
#include "core/result.hpp"

namespace domfw::core::acpi {

using Signature = std::array<std::uint8_t, 4>;
using OemId = std::array<std::uint8_t, 6>;
using OemTableId = std::array<std::uint8_t, 8>;

inline constexpr std::size_t kHeaderSize = 36;  // §5.2.6
inline constexpr std::size_t kRsdpV1Size = 20;  // §5.2.5.3, revision 0
inline constexpr std::size_t kRsdpV2Size = 36;  // §5.2.5.3, revision 2
inline constexpr std::size_t kFacsMinSize = 64; // §5.2.10

// Error texts (value/limit/offset say which bytes and values; see each use).
inline constexpr char kTableBufferShort[] = "buffer is shorter than the 36-byte table header";
inline constexpr char kTableLengthBelowHeader[] = "table length is below the 36-byte header";
inline constexpr char kTableLengthPastEnd[] = "table length exceeds the bytes held";
inline constexpr char kTableBadChecksum[] = "table checksum is wrong";
inline constexpr char kTableWrongSignature[] = "table has an unexpected signature";
inline constexpr char kRsdpBufferShort[] = "buffer is shorter than the 20-byte RSDP";
inline constexpr char kRsdpBadSignature[] = "RSDP signature is not \"RSD PTR \"";
inline constexpr char kRsdpV2BufferShort[] = "buffer is shorter than the 36-byte revision-2 RSDP";
inline constexpr char kRsdpLengthBelow[] = "RSDP length is below 36 bytes";
inline constexpr char kRsdpLengthPastEnd[] = "RSDP length exceeds the bytes held";
inline constexpr char kRsdpBadChecksum[] = "RSDP checksum is wrong";
inline constexpr char kRsdpBadExtendedChecksum[] = "RSDP extended checksum is wrong";
inline constexpr char kRsdpNoRoot[] = "RSDP points to no RSDT or XSDT";
inline constexpr char kRootNotRoot[] = "table is neither an RSDT nor an XSDT";
inline constexpr char kRootIndexPastEnd[] = "root table entry index is past the last entry";
inline constexpr char kFadtTooShort[] = "FADT is too short to hold the DSDT address";
inline constexpr char kFacsBufferShort[] = "buffer is shorter than the 64-byte FACS";
inline constexpr char kFacsBadSignature[] = "FACS signature is not \"FACS\"";
inline constexpr char kFacsLengthBelow[] = "FACS length is below 64 bytes";
inline constexpr char kFacsLengthPastEnd[] = "FACS length exceeds the bytes held";
inline constexpr char kAddressBelowImage[] = "physical address is below the image base";
inline constexpr char kAddressPastImage[] = "physical address is past the end of the image";
inline constexpr char kNoRsdpInImage[] = "no valid RSDP on a 16-byte boundary of the image";

// The decoded 36-byte header (§5.2.6). IDs stay byte arrays: they are often NUL-padded.
struct TableHeader {
    Signature signature{};
    std::uint32_t length = 0;
    std::uint8_t revision = 0;
    std::uint8_t checksum = 0;
    OemId oem_id{};
    OemTableId oem_table_id{};
    std::uint32_t oem_revision = 0;
    Signature creator_id{};
    std::uint32_t creator_revision = 0;
};

// A table that passed the bounds checks: `bytes` is exactly header.length bytes.
struct TableView {
    TableHeader header{};
    Bytes bytes{};
};

[[nodiscard]] bool signature_is(const Signature& s, const char (&want)[5]);

// Step 1: decodes the header. Error kTableBufferShort (value = bytes held, limit = 36).
[[nodiscard]] Result<TableHeader> read_header(Bytes buf);
// Steps 1-3: kTableBufferShort; kTableLengthBelowHeader (offset 4, value = length, limit = 36);
// kTableLengthPastEnd (offset 4, value = length, limit = bytes held).
[[nodiscard]] Result<TableView> table_bounds(Bytes buf);
// The byte the checksum field should hold for the table to sum to zero.
[[nodiscard]] std::uint8_t expected_checksum(const TableView& t);
// Step 4: kTableBadChecksum (offset 9, value = checksum byte, limit = the byte it should be).
[[nodiscard]] Status check_checksum(const TableView& t);
// Steps 1-4.
[[nodiscard]] Result<TableView> checked_table(Bytes buf);

// RSDP (§5.2.5.3). Revisions 0 and 1 are the 20-byte ACPI 1.0 form (ACPICA treats 1 like 0);
// 2 and above add the length, the XSDT address and the extended checksum.
struct RsdpView {
    OemId oem_id{};
    std::uint8_t revision = 0;
    std::uint32_t rsdt_address = 0;
    std::uint32_t length = 0; // 20 for revision < 2
    std::uint64_t xsdt_address = 0;
    Bytes bytes{}; // 20 or `length` bytes
    [[nodiscard]] bool has_extended_part() const { return revision >= 2; }
    // XSDT when the revision has one and it is nonzero, else RSDT (ACPICA's choice).
    [[nodiscard]] std::uint64_t root_address() const {
        return has_extended_part() && xsdt_address != 0 ? xsdt_address : rsdt_address;
    }
};
// Identification and bounds: kRsdpBufferShort (value = held, limit = 20), kRsdpBadSignature,
// kRsdpV2BufferShort (value = held, limit = 36), kRsdpLengthBelow (offset 20, value = length,
// limit = 36), kRsdpLengthPastEnd (offset 20, value = length, limit = held).
[[nodiscard]] Result<RsdpView> rsdp_bounds(Bytes buf);
// kRsdpBadChecksum (offset 8, over the first 20 bytes) then, for revision >= 2,
// kRsdpBadExtendedChecksum (offset 32, over `length` bytes): value = the byte found, limit = the
// byte it should be.
[[nodiscard]] Status check_rsdp_checksums(const RsdpView& v);
// Both, in that order.
[[nodiscard]] Result<RsdpView> check_rsdp(Bytes buf);

// RSDT (§5.2.7, 32-bit entries) or XSDT (§5.2.8, 64-bit entries). Like ACPICA, a length that
// leaves a partial entry is floored; trailing_bytes() reports the leftover.
class RootTable {
public:
    [[nodiscard]] static Result<RootTable> from(const TableView& t); // kRootNotRoot
    [[nodiscard]] std::size_t entry_size() const { return entry_size_; }
    [[nodiscard]] std::size_t count() const { return count_; }
    [[nodiscard]] std::size_t trailing_bytes() const { return trailing_; }
    [[nodiscard]] Result<std::uint64_t> entry(std::size_t index) const; // kRootIndexPastEnd

private:
    Bytes bytes_{};
    std::size_t entry_size_ = 0;
    std::size_t count_ = 0;
    std::size_t trailing_ = 0;
};

// The FADT's DSDT and FACS addresses (§5.2.9): the X_ field when present and nonzero, else the
// 32-bit one. 0 means "none" (hardware-reduced ACPI has no FACS). kTableWrongSignature when the
// table is not "FACP"; kFadtTooShort (value = length, limit = 44).
struct FadtPointers {
    std::uint64_t dsdt = 0;
    std::uint64_t facs = 0;
};
[[nodiscard]] Result<FadtPointers> fadt_pointers(const TableView& fadt);

// FACS (§5.2.10): no checksum. kFacsBufferShort (value = held, limit = 64), kFacsBadSignature,
// kFacsLengthBelow (value = length, limit = 64), kFacsLengthPastEnd (value = length, limit = held).
struct FacsView {
    std::uint32_t length = 0;
    std::uint8_t version = 0;
    Bytes bytes{};
};
[[nodiscard]] Result<FacsView> check_facs(Bytes buf);

// A copy of guest or host physical memory starting at `base`.
struct PhysicalImage {
    std::uint64_t base = 0;
    Bytes bytes{};
    // Bytes from `address` to the end of the image. kAddressBelowImage (value = address,
    // limit = base), kAddressPastImage (value = address, limit = base + size).
    [[nodiscard]] Result<Bytes> from(std::uint64_t address) const;
};
// The first valid RSDP at a 16-byte aligned address (§5.2.5.1 searches the BIOS area the same way).
[[nodiscard]] Result<std::uint64_t> find_rsdp(const PhysicalImage& image);

} // namespace domfw::core::acpi
