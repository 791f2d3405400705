// One ACPI table as read from a host: its bytes (kept exactly as found) and the decoded header.
// A table whose header does not hold is still kept, with problem() saying why, so one broken
// table does not hide the others (Linux and acpixtract keep going too).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/acpi_table.hpp"

namespace domfw::acpi {

// RSDP and FACS have their own layouts (§5.2.5.3, §5.2.10); everything else has the 36-byte header.
enum class TableKind { kTable, kRsdp, kFacs };

// Where a table came from: the name the source gave it (acpidump header, file name), its
// physical address when known, and a human description used as the context of messages.
struct TableOrigin {
    std::string name;
    std::optional<std::uint64_t> address;
    std::string where;
    bool dynamic = false; // loaded at run time (/sys/firmware/acpi/tables/dynamic)
};

class AcpiTable {
public:
    // Never fails: a header that does not hold sets problem().
    [[nodiscard]] static AcpiTable decode(std::vector<std::uint8_t> bytes, TableOrigin origin);

    [[nodiscard]] TableKind kind() const { return kind_; }
    [[nodiscard]] const std::vector<std::uint8_t>& bytes() const { return bytes_; }
    [[nodiscard]] const core::acpi::Signature& signature() const { return signature_; }
    [[nodiscard]] bool signature_is(const char (&want)[5]) const { return core::acpi::signature_is(signature_, want); }
    // The length the table claims (RSDP: 20 or its length field; FACS: its length field).
    [[nodiscard]] std::uint32_t length() const { return length_; }
    [[nodiscard]] std::uint8_t revision() const { return revision_; }
    [[nodiscard]] const core::acpi::OemId& oem_id() const { return oem_id_; }
    // RSDP has no OEM table ID, revision or creator: they stay zero / absent.
    [[nodiscard]] const core::acpi::OemTableId& oem_table_id() const { return oem_table_id_; }
    [[nodiscard]] std::uint32_t oem_revision() const { return oem_revision_; }
    [[nodiscard]] const core::acpi::Signature& creator_id() const { return creator_id_; }
    [[nodiscard]] std::uint32_t creator_revision() const { return creator_revision_; }
    // Empty for FACS (no checksum, §5.2.10); false when the header does not hold.
    [[nodiscard]] std::optional<bool> checksum_ok() const { return checksum_ok_; }
    // Why the checksum fails, e.g. "checksum 0xf4 is wrong, should be 0xf3".
    [[nodiscard]] const std::string& checksum_problem() const { return checksum_problem_; }
    // Why the header does not hold (empty when it does).
    [[nodiscard]] const std::string& problem() const { return problem_; }
    [[nodiscard]] const TableOrigin& origin() const { return origin_; }
    // The signature as printable text ("SSDT", "\x00FFF").
    [[nodiscard]] std::string signature_text() const;

private:
    TableKind kind_ = TableKind::kTable;
    std::vector<std::uint8_t> bytes_;
    core::acpi::Signature signature_{};
    std::uint32_t length_ = 0;
    std::uint8_t revision_ = 0;
    core::acpi::OemId oem_id_{};
    core::acpi::OemTableId oem_table_id_{};
    std::uint32_t oem_revision_ = 0;
    core::acpi::Signature creator_id_{};
    std::uint32_t creator_revision_ = 0;
    std::optional<bool> checksum_ok_;
    std::string checksum_problem_;
    std::string problem_;
    TableOrigin origin_;
};

} // namespace domfw::acpi
