// Freestanding checks of ACPI tables (ACPI 6.5 §5.2): the 36-byte header, RSDP v1/v2, the
// RSDT/XSDT entry walk, the FADT's DSDT/FACS pointers and the FACS. The host reader and the guest
// loader share this code. Validation order (STYLE.md): buffer >= header, claimed length >= header,
// claimed length <= bytes held, checksum, then meaning. Errors are typed faults (AcpiFault).
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

// Why a check failed (value/limit/offset say which bytes and values; see each use).
// Each fault with its sentence: core/faults/acpi.def.
enum class AcpiFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/acpi.def"
#undef DOMFW_FAULT
};
[[nodiscard]] constexpr Reader reader_of(AcpiFault) { return Reader::acpi_table; }

// The object of a table fault: the signature bytes (little-endian) with bit 32 set, or 0 when
// fewer than 4 bytes were held.
inline constexpr std::uint64_t kSignatureHeld = std::uint64_t{1} << 32;
[[nodiscard]] std::uint64_t signature_object(Bytes table);

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

// Step 1: decodes the header. Error table_buffer_short (value = bytes held, limit = 36).
[[nodiscard]] Result<TableHeader> read_header(Bytes buf);
// Steps 1-3: table_buffer_short; table_length_below_header (offset 4, value = length, limit = 36);
// table_length_past_end (offset 4, value = length, limit = bytes held).
[[nodiscard]] Result<TableView> table_bounds(Bytes buf);
// The byte the checksum field should hold for the table to sum to zero.
[[nodiscard]] std::uint8_t expected_checksum(const TableView& t);
// Step 4: table_bad_checksum (offset 9, value = checksum byte, limit = the byte it should be).
[[nodiscard]] Status check_checksum(const TableView& t);
// Steps 1-4.
[[nodiscard]] Result<TableView> checked_table(Bytes buf);

// Complete tables back to back, each checked (steps 1-4): a module's ACPI payload, the
// `acpi_firmware` file xl hands to hvmloader. next() stops at the end or at the first bad table;
// its fault's offset is then that table's start in `bytes` (the fault says which field), and
// count() is its index.
class TableSequence {
public:
    constexpr explicit TableSequence(Bytes bytes) : bytes_(bytes) {}
    [[nodiscard]] bool next(TableView& out);
    [[nodiscard]] bool failed() const { return failed_; }
    [[nodiscard]] const Error& error() const { return error_; }
    [[nodiscard]] std::size_t offset() const { return pos_; }
    [[nodiscard]] std::size_t count() const { return count_; }

private:
    Bytes bytes_;
    std::size_t pos_ = 0;
    std::size_t count_ = 0;
    bool failed_ = false;
    Error error_{};
};

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
// Identification and bounds: rsdp_buffer_short (value = held, limit = 20), rsdp_bad_signature,
// rsdp_v2_buffer_short (value = held, limit = 36), rsdp_length_below (offset 20, value = length,
// limit = 36), rsdp_length_past_end (offset 20, value = length, limit = held).
[[nodiscard]] Result<RsdpView> rsdp_bounds(Bytes buf);
// rsdp_bad_checksum (offset 8, over the first 20 bytes) then, for revision >= 2,
// rsdp_bad_extended_checksum (offset 32, over `length` bytes): value = the byte found, limit = the
// byte it should be.
[[nodiscard]] Status check_rsdp_checksums(const RsdpView& v);
// Both, in that order.
[[nodiscard]] Result<RsdpView> check_rsdp(Bytes buf);

// RSDT (§5.2.7, 32-bit entries) or XSDT (§5.2.8, 64-bit entries). Like ACPICA, a length that
// leaves a partial entry is floored; trailing_bytes() reports the leftover.
class RootTable {
public:
    [[nodiscard]] static Result<RootTable> from(const TableView& t); // root_not_root
    [[nodiscard]] std::size_t entry_size() const { return entry_size_; }
    [[nodiscard]] std::size_t count() const { return count_; }
    [[nodiscard]] std::size_t trailing_bytes() const { return trailing_; }
    [[nodiscard]] Result<std::uint64_t> entry(std::size_t index) const; // root_index_past_end

private:
    Bytes bytes_{};
    std::size_t entry_size_ = 0;
    std::size_t count_ = 0;
    std::size_t trailing_ = 0;
};

// The FADT's DSDT and FACS addresses (§5.2.9): the X_ field when present and nonzero, else the
// 32-bit one. 0 means "none" (hardware-reduced ACPI has no FACS). table_wrong_signature when the
// table is not "FACP"; fadt_too_short (value = length, limit = 44).
struct FadtPointers {
    std::uint64_t dsdt = 0;
    std::uint64_t facs = 0;
};
[[nodiscard]] Result<FadtPointers> fadt_pointers(const TableView& fadt);

// FACS (§5.2.10): no checksum. facs_buffer_short (value = held, limit = 64), facs_bad_signature,
// facs_length_below (value = length, limit = 64), facs_length_past_end (value = length, limit = held).
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
    // Bytes from `address` to the end of the image. address_below_image (value = address,
    // limit = base), address_past_image (value = address, limit = base + size).
    [[nodiscard]] Result<Bytes> from(std::uint64_t address) const;
};
// The first valid RSDP at a 16-byte aligned address (§5.2.5.1 searches the BIOS area the same way).
[[nodiscard]] Result<std::uint64_t> find_rsdp(const PhysicalImage& image);

} // namespace domfw::core::acpi
