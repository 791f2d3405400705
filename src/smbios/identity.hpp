// The host's identity in an SMBIOS table, and the one scrubber that removes it: `domfw build`
// (hostfw/policy) runs it on every structure it passes to a guest, and `domfw host show`
// (report.hpp) on every structure it prints. The values are collected from the whole table
// (every serial number, asset tag and UUID field of every type, identity_fields()), then hunted
// everywhere in a structure: in its strings (any case, whole or embedded, referenced or not) and
// in its formatted bytes (ASCII and UTF-16LE text, UUIDs in both byte orders), because vendors
// copy the system serial into OEM structures and the UUID into their own formatted areas.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smbios/table.hpp"

namespace domfw::smbios {

// A string field that identifies one machine (DSP0134 3.x offsets).
struct IdentityField {
    std::uint8_t type;
    std::uint8_t offset;
    const char* what; // "system serial number"
};
// System, baseboard, chassis, processor, memory device, battery and power supply serial numbers
// and asset tags (docs/host-firmware.md says why these and not part or SKU numbers).
[[nodiscard]] std::span<const IdentityField> identity_fields();

// Values that identify nothing and are not hunted: under 4 characters (after trimming blanks),
// one character repeated ("00000000", "XXXXXXX", blanks), or a firmware placeholder such as
// "To Be Filled By O.E.M.", "Default string", "Not Specified", "0123456789" (the list is in
// identity.cpp, compared without regard to case). The identity fields themselves are still
// replaced wherever they point.
[[nodiscard]] bool is_identity_placeholder(std::string_view value);

struct HostIdentity {
    std::vector<std::string> texts;                  // trimmed, each at least 4 bytes
    std::vector<std::array<std::uint8_t, 16>> uuids; // as stored; the scrubber also hunts the other order
    [[nodiscard]] bool empty() const { return texts.empty() && uuids.empty(); }
};

// Every identity value of the table (placeholders left out). UUIDs also go into `texts` as their
// 36-character and 32-digit text forms in both byte orders.
[[nodiscard]] HostIdentity collect_identity(std::span<const Structure> all);

struct ScrubOutcome {
    std::vector<std::string> replaced; // "type 1 (handle 0x0001) system serial number" (never values)
    bool clean = true;                 // false: an identity value remains; drop the structure
    std::string why;                   // when !clean, what remains where (never the value)
};

// A byte pattern hunted without regard to ASCII case, and what replaces it (same length).
struct IdentityPattern {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint8_t> replacement;
    bool text = true; // also hunted in strings (UTF-16LE and raw UUID forms are not)
};

// Replaces a structure's identity fields, its system UUID (type 1) and every occurrence of an
// identity value in its strings and formatted area with a value of the same length derived from
// `seed` (the guest's UUID or name; never the host's values). A value overlapping the 4-byte
// header, or one still present after replacement, leaves the structure unclean.
class IdentityScrubber {
public:
    // Masking (`host show`): finds the same values but writes '*' instead of derived ones, which
    // nobody sees and which cost a SHA-256 each.
    enum class Replace : std::uint8_t { derived, masked };
    IdentityScrubber(const HostIdentity& ids, std::string seed, Replace replace = Replace::derived);
    [[nodiscard]] ScrubOutcome scrub(Structure& s) const;
    [[nodiscard]] bool hunts_nothing() const { return patterns_.empty(); }
    // True when scrub(s) would change nothing but the identity fields, the type 1 UUID and the
    // battery's SBDS serial: masking, no pattern holds the mask byte, and no hunted value occurs
    // in the structure's bytes (formatted area, strings, terminator) once those are masked. Cheap
    // (no allocation below 1 KiB), so that `host show` need not copy and scrub every structure.
    [[nodiscard]] bool changes_only_fields(const Structure& s) const;

    // The patterns by their first byte, lower case: a table is searched once per byte, whatever
    // the number of values (`host show` runs this on every structure it prints).
    using Index = std::array<std::vector<std::uint16_t>, 256>;
    struct Quads {
        std::bitset<0x10000> bits;   // the patterns' first four bytes, hashed, in every case they match in
        bool short_patterns = false; // a pattern under four bytes: every bit set
    };

private:
    [[nodiscard]] std::string text(std::string_view what, std::size_t length) const;
    [[nodiscard]] std::array<std::uint8_t, 16> uuid() const;

    std::string seed_;
    Replace replace_ = Replace::derived;
    std::vector<IdentityPattern> patterns_;
    Index by_first_;
    std::size_t longest_ = 0; // bytes of the longest pattern
    // Most offsets of a table are passed over with one test instead of the list of patterns of
    // their first byte.
    Quads quads_;
    // Masking, and no pattern holds the mask byte: then what scrub() writes cannot complete a
    // value, and a structure where no value occurs needs no hunt (changes_only_fields).
    bool masks_cannot_match_ = false;
};

// The text of `length` bytes `seed` and `what` derive: "DFW-" and hex digits (hex digits only
// below 8 bytes). The same inputs always give the same text.
[[nodiscard]] std::string derived_text(std::string_view seed, std::string_view what, std::size_t length);

} // namespace domfw::smbios
