// The parsed xl.cfg document (XEN-FACTS.md §5). Every value keeps its source range, and the
// document remembers every assignment in order, so later passes can say "overridden at line N".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/diagnostic.hpp"
#include "support/error.hpp"

namespace domfw::cfg {

// Byte range in the source text; line/column are 1-based (column counts bytes).
struct SourceRange {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

struct Value {
    enum class Kind : std::uint8_t { string, number, list };
    Kind kind = Kind::string;
    std::string text;         // string: decoded contents; number: source text as written
    std::vector<Value> items; // list items, nested as written
    SourceRange range;        // the value as written (for a += result: the last piece)

    [[nodiscard]] bool is_string() const { return kind == Kind::string; }
    [[nodiscard]] bool is_number() const { return kind == Kind::number; }
    [[nodiscard]] bool is_list() const { return kind == Kind::list; }
};

struct Assignment {
    std::string key;
    bool append = false; // `+=`
    Value value;         // the value written in this statement
    SourceRange key_range;
};

// Base-0 conversion like strtol(..., 0) as libxlutil's getters do it ("010" is 8, "0x10" 16).
// Fails with a message when the text is not entirely a number or does not fit.
[[nodiscard]] Expected<long> to_long(std::string_view number_text);

class Document {
public:
    Document() = default;
    explicit Document(std::string file) : file_(std::move(file)) {}

    [[nodiscard]] const std::string& file() const { return file_; }
    // Every statement in source order.
    [[nodiscard]] const std::vector<Assignment>& assignments() const { return assignments_; }
    // The effective value of `key` after the whole file (last `=` wins, `+=` appends), exactly
    // what libxlutil returns; nullptr when the key is absent.
    [[nodiscard]] const Value* get(std::string_view key) const;
    // Effective keys in order of first assignment.
    [[nodiscard]] std::vector<std::string> keys() const;
    // The assignments of one key in source order (for "overridden at line N").
    [[nodiscard]] std::vector<const Assignment*> history(std::string_view key) const;
    // Where `key` was last assigned (for diagnostics); nullopt when absent.
    [[nodiscard]] std::optional<SourceRange> where(std::string_view key) const;

    void add(Assignment a);                // used by the parser
    void reserve(std::size_t assignments); // parser's estimate: no regrowth or rehash in add()
    // Like add(), but reports a `+=` that mixes a list with a string (libxlutil: "can't add [list]
    // to \"string\" or vice versa"). On a mismatch the statement is recorded in assignments()
    // but the effective value stays as it was; returns the assignment it clashed with.
    [[nodiscard]] const Assignment* add_checked(Assignment a);
    // The parser's way to add without moving a statement: open() appends an empty assignment
    // to fill in place, then commit() (same result as add_checked) or discard() it.
    [[nodiscard]] Assignment& open();
    [[nodiscard]] const Assignment* commit();
    void discard();

private:
    // One effective key: the statement that last set it and, after a `+=`, the merged value.
    struct Effective {
        std::uint32_t first = 0;  // index in assignments_ of the first assignment (its key)
        std::uint32_t last = 0;   // index of the last assignment
        std::int32_t merged = -1; // index in merged_ when the value is a `+=` result
        std::uint32_t tail = 0;   // index of the key's newest statement, a refused `+=` included
    };
    [[nodiscard]] std::int32_t find(std::string_view key) const;
    [[nodiscard]] std::int32_t find(std::string_view key, std::uint64_t hash) const;
    void index_insert(std::uint32_t effective_index, std::uint64_t hash);
    [[nodiscard]] const Value& value_of(const Effective& e) const;

    std::string file_;
    std::vector<Assignment> assignments_;
    std::vector<Effective> effective_;
    std::vector<Value> merged_;
    // next_[i]: the next statement with assignments_[i]'s key, or kNone; history() follows it
    // instead of scanning every statement (lint asks for each key's: quadratic in the keys).
    static constexpr std::uint32_t kNone = 0xffffffffU;
    std::vector<std::uint32_t> next_;
    // Open-addressing hash table: effective index + 1 (0 = empty) in the low 32 bits, the key
    // hash's high 32 bits above. A probe compares that tag before touching the statement:
    // otherwise each probe was two cache misses once the document outgrew the caches, and
    // 256k keys cost 13x what 64k did.
    std::vector<std::uint64_t> index_;
};

struct ParseResult {
    Document document;
    support::Diagnostics diagnostics; // all errors of the file, in one pass, plus warnings
    std::string source;               // the text parsed (for rendering diagnostics)
    [[nodiscard]] bool ok() const { return !diagnostics.has_errors(); }
};

// Parses xl.cfg text. `file` names the source in diagnostics. Never throws.
[[nodiscard]] ParseResult parse(std::string_view text, std::string file);
// Reads and parses a file; a read failure becomes one diagnostic at line 0.
[[nodiscard]] ParseResult parse_file(const std::string& path);

} // namespace domfw::cfg
