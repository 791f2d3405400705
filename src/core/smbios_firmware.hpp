// hvmloader's `smbios_firmware` blob (Xen tools/firmware/hvmloader/smbios.c, XEN-FACTS §2): records
// of `[u32 LE length][structure]`, each length covering the whole structure (formatted area,
// strings, double NUL). hvmloader trusts the lengths; this one codec, used both to write the blob
// (hostfw/policy) and to check a user's file (plan/passthrough_files), proves each record walks
// to exactly its length. Freestanding: views into the caller's bytes, no heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/byte_reader.hpp"
#include "core/byte_writer.hpp"
#include "core/result.hpp"
#include "core/smbios_walk.hpp"

namespace domfw::core {

inline constexpr std::size_t kSmbiosFirmwarePrefix = 4; // the u32 length

// Why a record was refused. offset = the record's start (its length prefix); the record's index is
// the reader's count(). A broken structure inside a record is a smbios::WalkFault instead, with
// the structure's offset in the blob.
// Each fault with its sentence: core/faults/smbios_firmware.def.
enum class SmbiosFirmwareFault : std::uint8_t {
#define DOMFW_FAULT(name, ...) name,
#include "core/faults/smbios_firmware.def"
#undef DOMFW_FAULT
};
[[nodiscard]] constexpr Reader reader_of(SmbiosFirmwareFault) { return Reader::smbios_firmware; }

class SmbiosFirmwareReader {
public:
    constexpr explicit SmbiosFirmwareReader(Bytes blob) : blob_(blob) {}
    // The next record's structure (without its prefix); false at the end or at the first bad record.
    [[nodiscard]] bool next(smbios::Structure& out);
    [[nodiscard]] bool failed() const { return failed_; }
    [[nodiscard]] const Error& error() const { return error_; }
    [[nodiscard]] std::size_t count() const { return count_; } // records read (the failing one's index)

private:
    Bytes blob_;
    std::size_t pos_ = 0;
    std::size_t count_ = 0;
    bool failed_ = false;
    Error error_{};
};

// Appends one record: `structure` must be exactly one structure that walks cleanly to its end
// (the reader's checks, so what is written reads back).
[[nodiscard]] Status write_smbios_firmware_record(ByteWriter& w, Bytes structure);

} // namespace domfw::core
