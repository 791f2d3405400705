// The parsed xl.cfg document (XEN-FACTS.md §5). Every value keeps its source range, and the
// document remembers every assignment in order, so later passes can say "overridden at line N".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

struct Value;

// The text of a string or number value: a view into the bytes of the Document it belongs to
// when it is written without escapes (nearly always), else its own decoded copy. Values were
// one std::string each: 150,000 list items cost a 32-byte string plus a heap block apiece, and
// their page faults were most of `cfg check`'s time on a large file (docs/cfg.md).
// Lifetime: only a Document makes a view (Document::view), of its own source bytes, which it
// owns (Document::source()) and keeps where they are when it is moved. A view never leaves its
// Document: copying a Text (or a Value) always copies the bytes, and a Document hands its values
// out only by const reference.
class Document;
class Text {
public:
    Text() = default;
    // An owned copy of `s`.
    explicit Text(std::string_view s) { own(s); }
    Text(const Text& other) { own(other.view()); }
    Text(Text&& other) noexcept
        : data_(std::exchange(other.data_, kEmpty)), size_(std::exchange(other.size_, 0U)),
          owned_(std::exchange(other.owned_, false)) {}
    Text& operator=(const Text& other);
    Text& operator=(Text&& other) noexcept;
    Text& operator=(std::string_view s);
    ~Text() { release(); }

    [[nodiscard]] std::string_view view() const { return {data_, size_}; }
    operator std::string_view() const { return view(); } // NOLINT(google-explicit-constructor)
    [[nodiscard]] std::string str() const { return std::string(view()); }
    [[nodiscard]] const char* data() const { return data_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] char operator[](std::size_t i) const { return data_[i]; }
    [[nodiscard]] std::size_t find(char c, std::size_t from = 0) const { return view().find(c, from); }
    [[nodiscard]] bool owned() const { return owned_; }

    friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }
    friend bool operator==(const Text& a, const Text& b) { return a.view() == b.view(); }

private:
    friend class Document;
    static constexpr const char* kEmpty = "";
    void own(std::string_view s);
    void release() noexcept;
    const char* data_ = kEmpty;
    std::uint32_t size_ = 0; // the parser refuses files of 4 GiB and more
    bool owned_ = false;     // data_ is this Text's own new[] block
};

// A list's items: one array of the exact size (a std::vector's capacity word and growth are of no
// use to a list that is built once). Copying copies every item.
class Items {
public:
    Items() = default;
    explicit Items(std::size_t count); // `count` blank items, to be filled in
    Items(const Items& other);
    Items(Items&& other) noexcept : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0U)) {}
    Items& operator=(const Items& other);
    Items& operator=(Items&& other) noexcept;
    ~Items();

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] Value* begin() { return data_; }
    [[nodiscard]] Value* end();
    [[nodiscard]] const Value* begin() const { return data_; }
    [[nodiscard]] const Value* end() const;
    [[nodiscard]] Value& operator[](std::size_t i);
    [[nodiscard]] const Value& operator[](std::size_t i) const;
    [[nodiscard]] const Value& front() const { return *data_; }
    [[nodiscard]] const Value& back() const;

private:
    Value* data_ = nullptr;
    std::uint32_t size_ = 0;
};

struct Value {
    enum class Kind : std::uint8_t { string, number, list };
    // [[no_unique_address]]: `kind` and `range` go into the tail padding of text and items, so a
    // Value is 48 bytes, not 56 (a list item of a large file is mostly this struct).
    [[no_unique_address]] Text text; // string: decoded contents; number: source text as written
    Kind kind = Kind::string;
    [[no_unique_address]] Items items; // list items, nested as written
    SourceRange range;                 // the value as written (for a += result: the last piece)

    [[nodiscard]] bool is_string() const { return kind == Kind::string; }
    [[nodiscard]] bool is_number() const { return kind == Kind::number; }
    [[nodiscard]] bool is_list() const { return kind == Kind::list; }
};

inline Value* Items::end() { return data_ + size_; }
inline const Value* Items::end() const { return data_ + size_; }
inline Value& Items::operator[](std::size_t i) { return data_[i]; }
inline const Value& Items::operator[](std::size_t i) const { return data_[i]; }
inline const Value& Items::back() const { return data_[size_ - 1]; }

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
    // The text parsed: the bytes every view-Text of this document points into. `owner` keeps
    // them alive (a mapped file or a string on the heap, never moved); copies of the document
    // share it.
    [[nodiscard]] std::string_view source() const { return source_; }
    void set_source(std::shared_ptr<const void> owner, std::string_view bytes) {
        source_owner_ = std::move(owner);
        source_ = bytes;
    }
    // A Text viewing `bytes`, which must lie within source() (the parser's values); anything else
    // gets a copy, so a view can only ever point at bytes this document keeps alive.
    [[nodiscard]] Text view(std::string_view bytes) const {
        const std::less<> before; // pointers into different objects: std::less orders them
        const char* const end = source_.data() + source_.size();
        if (before(bytes.data(), source_.data()) || before(end, bytes.data()) ||
            static_cast<std::size_t>(end - bytes.data()) < bytes.size())
            return Text(bytes);
        Text t;
        t.data_ = bytes.data();
        t.size_ = static_cast<std::uint32_t>(bytes.size());
        return t;
    }
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
    std::shared_ptr<const void> source_owner_;
    std::string_view source_;
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
    // The text parsed (for rendering diagnostics): the document's bytes, valid while it lives.
    [[nodiscard]] std::string_view source() const { return document.source(); }
    [[nodiscard]] bool ok() const { return !diagnostics.has_errors(); }
};

// Parses xl.cfg text. `file` names the source in diagnostics. Never throws.
[[nodiscard]] ParseResult parse(std::string_view text, std::string file);
// Reads and parses a file; a read failure becomes one diagnostic at line 0. The file is mapped,
// not copied: the document's values view it (a file truncated by another process while the
// document lives raises SIGBUS on access, as for every mapped input; docs/cfg.md).
[[nodiscard]] ParseResult parse_file(const std::string& path);

} // namespace domfw::cfg
