// A small streaming writer of pretty JSON, formatted exactly as nlohmann::json::dump(2) formats
// (2-space indent, ", " never, "key": value, [] and {} when empty), with invalid UTF-8 replaced
// by U+FFFD as dump(..., error_handler_t::replace) does. `domfw host show --json` writes SMBIOS
// with it: building a DOM of std::maps first costs more than the rest of the command.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace domfw::smbios {

class JsonWriter {
public:
    // Writes into a buffer of its own (no zero fill, no per-call capacity checks of std::string)
    // and appends it to `out` when destroyed. `size_hint`: the expected output size.
    JsonWriter(std::string& out, int depth, std::size_t size_hint = 4096);
    // Streams: hands `sink` each full buffer of `buffer_size` bytes (and the rest when destroyed),
    // so memory stays one buffer however long the output (`host show --json` of a 31 MB table).
    using Sink = std::function<void(std::string_view)>;
    JsonWriter(Sink sink, int depth, std::size_t buffer_size = std::size_t{64} * 1024);
    ~JsonWriter();
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // The next object member's key; then exactly one value call. `k` is a name of the caller's
    // own (printable ASCII without '"' or '\\'): it is written without escaping.
    void key(std::string_view k);
    // An array element is any value call not preceded by key().
    void string(std::string_view s);
    void number(std::uint64_t v);
    void number(std::int64_t v);
    void boolean(bool b);
    void null();

private:
    void open(char c);
    void close(char c);
    // The separator and indentation before a value (nothing after a key or at the top level).
    void before_value();
    // At least n free bytes at the returned position; advance with done().
    char* room(std::size_t n) { return cap_ - size_ >= n ? buf_.get() + size_ : grow(n); }
    char* grow(std::size_t n);
    void done(const char* end) { size_ = static_cast<std::size_t>(end - buf_.get()); }
    char* newline(char* p) const;

    std::string* out_ = nullptr;
    Sink sink_;
    std::unique_ptr<char[]> buf_;
    std::size_t size_ = 0;
    std::size_t cap_ = 0;
    int depth_;
    std::vector<char> empty_; // per open container: nothing written yet (char: vector<bool>'s bit ops cost)
    bool after_key_ = false;
};

// Appends `s` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view s);

} // namespace domfw::smbios
