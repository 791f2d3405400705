#include "acpi/acpidump_text.hpp"

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "support/escaped_text.hpp"

namespace domfw::acpi {

namespace {

// acpixtract: AX_IS_TABLE_BLOCK_HEADER is strlen(line incl. newline) < 49.
constexpr std::size_t kMaxHeaderChars = 47;
constexpr std::size_t kBytesPerLine = 16;

constexpr std::array<std::int8_t, 256> make_hex_table() {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t)
        v = -1;
    for (int c = '0'; c <= '9'; ++c)
        t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c)
        t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
    return t;
}
constexpr std::array<std::int8_t, 256> kHex = make_hex_table();

int hex_digit(char c) { return kHex[static_cast<unsigned char>(c)]; }

// The 16 bytes of a full hex line: `p` holds " XX" 16 times (48 characters). False when any group
// is not a blank followed by two hex digits (the careful loop in parse_acpidump_text then names
// the culprit).
bool decode_full_line(const char* p, std::array<std::uint8_t, kBytesPerLine>& out) {
#if defined(__SSE2__)
    // Three 16-character vectors; the blanks sit at every third character of the 48, which is
    // bit pattern 0x9249, 0x4924, 0x2492 in the three movemasks.
    static constexpr int kBlanks[3] = {0x9249, 0x4924, 0x2492};
    __m128i nib[3];
    for (int k = 0; k < 3; ++k) {
        __m128i v;
        __builtin_memcpy(&v, p + std::ptrdiff_t{16} * k, 16);
        const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
        const __m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a')); // 'A'..'F' too
        const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
        const int blanks = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        const int hex = _mm_movemask_epi8(_mm_or_si128(digit, letter));
        if (blanks != kBlanks[k] || hex != (~kBlanks[k] & 0xFFFF)) return false;
        nib[k] = _mm_or_si128(_mm_and_si128(digit, d), _mm_and_si128(letter, _mm_add_epi8(l, _mm_set1_epi8(10))));
    }
    // pair[j] = nibble[j] << 4 | nibble[j + 1] (nibbles are < 16: a 16-bit shift does not spill
    // into the next byte); the byte of group k is pair[3k + 1].
    std::uint8_t pair[48];
    for (int k = 0; k < 3; ++k) {
        const __m128i next =
            k < 2 ? _mm_or_si128(_mm_srli_si128(nib[k], 1), _mm_slli_si128(nib[k + 1], 15)) : _mm_srli_si128(nib[k], 1);
        const __m128i v = _mm_or_si128(_mm_slli_epi16(nib[k], 4), next);
        __builtin_memcpy(pair + std::ptrdiff_t{16} * k, &v, 16);
    }
    for (std::size_t k = 0; k < kBytesPerLine; ++k)
        out[k] = pair[3 * k + 1];
    return true;
#else
    bool ok = true;
    for (std::size_t k = 0; k < kBytesPerLine; ++k) {
        const int hi = hex_digit(p[3 * k + 1]);
        const int lo = hex_digit(p[3 * k + 2]);
        ok = ok && p[3 * k] == ' ' && hi >= 0 && lo >= 0;
        out[k] = static_cast<std::uint8_t>((hi << 4) | (lo & 0xF));
    }
    return ok;
#endif
}

// "0x1234", "1234", "(nil)"; anything after the number (" (10999 bytes)") is ignored.
bool parse_address(std::string_view s, std::optional<std::uint64_t>& out) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    if (s.starts_with("(nil)")) {
        out.reset();
        return true;
    }
    if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
    std::uint64_t v = 0;
    std::size_t digits = 0;
    while (digits < s.size() && hex_digit(s[digits]) >= 0) {
        if (digits == 16) return false;
        v = v << 4 | static_cast<std::uint64_t>(hex_digit(s[digits]));
        ++digits;
    }
    if (digits == 0 || (digits < s.size() && s[digits] != ' ')) return false;
    out = v;
    return true;
}

// A piece of the file as messages quote it, between '...': its first 60 bytes, escaped.
std::string display(std::string_view s) { return support::escaped(s, {.quote = '\'', .max_bytes = 60}); }

} // namespace

bool is_acpidump_header(std::string_view line) {
    if (line.empty() || line.size() > kMaxHeaderChars || line.front() == ' ') return false;
    return line.find(" @ ") != std::string_view::npos;
}

Expected<std::vector<AcpidumpBlock>> parse_acpidump_text(std::string_view text, std::string_view origin) {
    std::vector<AcpidumpBlock> blocks;
    AcpidumpBlock* cur = nullptr;
    bool short_line_seen = false;
    auto finish = [&]() -> Expected<void> {
        if (cur != nullptr && cur->bytes.empty()) {
            return fail("{}:{}: table '{}' has no hex data lines", origin, cur->line, display(cur->header));
        }
        return {};
    };

    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(pos, end - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t i = 0; // the first character that is not ' '
        while (i < line.size() && line[i] == ' ')
            ++i;
        std::size_t blank_end = i;
        while (blank_end < line.size() && (line[blank_end] == ' ' || line[blank_end] == '\t'))
            ++blank_end;
        if (blank_end == line.size()) continue; // empty, or blanks and tabs only

        if (line.front() != ' ') {
            if (!is_acpidump_header(line)) continue; // messages between tables
            DOMFW_TRY_VOID(finish());
            std::size_t at = line.find(" @ ");
            AcpidumpBlock b;
            std::string_view name = line.substr(0, at);
            while (name.back() == ' ')
                name.remove_suffix(1); // line[0] is not a blank: never empty
            b.name = display(name);
            if (b.name == "RSD PTR") b.name = "RSDP";
            if (!parse_address(line.substr(at + 3), b.address)) {
                return fail("{}:{}: table header '{}': the address is not a hex number or (nil)", origin, line_no,
                            display(line));
            }
            b.line = line_no;
            b.header = std::string(line);
            blocks.push_back(std::move(b));
            cur = &blocks.back();
            short_line_seen = false;
            continue;
        }

        // A line that starts with a blank: hex data when it has "OFFSET:", else noise.
        std::size_t digits_at = i;
        std::uint64_t offset = 0;
        while (i < line.size() && hex_digit(line[i]) >= 0) {
            if (i - digits_at == 16) return fail("{}:{}: hex line offset has more than 16 digits", origin, line_no);
            offset = offset << 4 | static_cast<std::uint64_t>(hex_digit(line[i]));
            ++i;
        }
        if (i == digits_at || i >= line.size() || line[i] != ':') {
            if (line.find(": ") == std::string_view::npos) continue; // not a data line for acpixtract either
            return fail("{}:{}: malformed hex line '{}': expected 'OFFSET: XX XX ...'", origin, line_no, display(line));
        }
        if (cur == nullptr) {
            return fail("{}:{}: hex data before any table header (expected 'SIG @ 0xADDRESS' first)", origin, line_no);
        }
        if (short_line_seen) {
            return fail("{}:{}: hex line at offset {:#x} follows a short line in table '{}' (only a table's last line "
                        "may hold fewer than 16 bytes)",
                        origin, line_no, offset, display(cur->header));
        }
        if (offset != cur->bytes.size()) {
            return fail("{}:{}: hex line offset {:#x} does not continue table '{}' (expected {:#x})", origin, line_no,
                        offset, display(cur->header), cur->bytes.size());
        }
        ++i; // past ':'
        std::size_t count = 0;
        // Fast path for the common full line " XX" x 16 followed by the end or a blank; it accepts
        // exactly what the loop below accepts for such a line.
        if (constexpr std::size_t kFull = 3 * kBytesPerLine;
            line.size() >= i + kFull && (line.size() == i + kFull || line[i + kFull] == ' ')) {
            std::array<std::uint8_t, kBytesPerLine> out{};
            if (decode_full_line(line.data() + i, out)) {
                if (cur->bytes.empty()) {
                    // Size the table once from its header's length field (bytes 4-7), bounded by
                    // what the rest of the text can still hold (3 characters per byte).
                    std::size_t len = static_cast<std::size_t>(out[4]) | static_cast<std::size_t>(out[5]) << 8 |
                                      static_cast<std::size_t>(out[6]) << 16 | static_cast<std::size_t>(out[7]) << 24;
                    cur->bytes.reserve(std::min(len, (text.size() - pos) / 3 + kBytesPerLine));
                }
                cur->bytes.insert(cur->bytes.end(), out.begin(), out.end());
                short_line_seen = false;
                continue;
            }
        }
        while (count < kBytesPerLine && i < line.size()) {
            if (line[i] != ' ' || i + 1 >= line.size() || line[i + 1] == ' ') break; // ASCII column or end
            int hi = hex_digit(line[i + 1]);
            int lo = i + 2 < line.size() ? hex_digit(line[i + 2]) : -1;
            bool ends = i + 3 >= line.size() || line[i + 3] == ' ';
            if (hi < 0 || lo < 0 || !ends) {
                std::size_t tok_end = line.find(' ', i + 1);
                return fail("{}:{}:{}: '{}' is not a two-digit hex byte", origin, line_no, i + 2,
                            display(line.substr(i + 1, tok_end == std::string_view::npos ? std::string_view::npos
                                                                                         : tok_end - i - 1)));
            }
            cur->bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
            ++count;
            i += 3;
        }
        if (count == 0) return fail("{}:{}: hex line holds no bytes", origin, line_no);
        short_line_seen = count < kBytesPerLine;
    }
    DOMFW_TRY_VOID(finish());
    return blocks;
}

} // namespace domfw::acpi
