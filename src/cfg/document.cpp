// Effective values as libxlutil computes them (tools/libs/util/libxlu_cfg.c, Xen 4.17): settings
// form a list searched newest first, so the last `=` wins; `+=` concatenates onto the newest
// previous setting of the same name, strings by text and lists by items.
#include "cfg/document.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace domfw::cfg {

namespace {

// 8 bytes a step (FNV-1a's byte-serial multiply chain cost more than the rest of adding a
// statement); only the index's slots depend on it, never an order anyone sees.
std::uint64_t hash_key(std::string_view key) {
    const char* p = key.data();
    const std::size_t size = key.size();
    const auto load8 = [](const char* at) {
        std::uint64_t w = 0;
        std::memcpy(&w, at, 8);
        return w;
    };
    const auto load4 = [](const char* at) {
        std::uint32_t w = 0;
        std::memcpy(&w, at, 4);
        return static_cast<std::uint64_t>(w);
    };
    const auto mix = [](std::uint64_t h, std::uint64_t w) {
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        return h ^ (h >> 29);
    };
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8)
        h = mix(h, load8(p + i));
    if (i < size) {
        std::uint64_t w = 0;
        if (size >= 8) {
            w = load8(p + size - 8); // overlaps bytes already mixed
        } else if (size >= 4) {
            w = load4(p) | load4(p + size - 4) << 32;
        } else {
            w = static_cast<unsigned char>(p[0]) |
                static_cast<std::uint64_t>(static_cast<unsigned char>(p[size / 2])) << 8 |
                static_cast<std::uint64_t>(static_cast<unsigned char>(p[size - 1])) << 16;
        }
        h = mix(h, w);
    }
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

} // namespace

void Text::own(std::string_view s) {
    if (s.empty()) return; // kEmpty: no block for an empty string
    char* block = new char[s.size()];
    std::memcpy(block, s.data(), s.size());
    data_ = block;
    size_ = static_cast<std::uint32_t>(s.size());
    owned_ = true;
}

void Text::release() noexcept {
    if (owned_) delete[] data_;
    data_ = kEmpty;
    size_ = 0;
    owned_ = false;
}

Text& Text::operator=(const Text& other) {
    if (this != &other) *this = other.view();
    return *this;
}

Text& Text::operator=(std::string_view s) {
    Text copy(s); // `s` may be this Text's own bytes
    return *this = std::move(copy);
}

Text& Text::operator=(Text&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, kEmpty);
        size_ = std::exchange(other.size_, 0U);
        owned_ = std::exchange(other.owned_, false);
    }
    return *this;
}

Items::Items(std::size_t count)
    : data_(count == 0 ? nullptr : new Value[count]), size_(static_cast<std::uint32_t>(count)) {}

Items::Items(const Items& other) : Items(other.size_) {
    for (std::size_t i = 0; i < size_; ++i)
        data_[i] = other.data_[i];
}

Items& Items::operator=(const Items& other) {
    if (this != &other) *this = Items(other);
    return *this;
}

Items& Items::operator=(Items&& other) noexcept {
    if (this != &other) {
        delete[] data_;
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0U);
    }
    return *this;
}

Items::~Items() { delete[] data_; } // nesting is at most 64 deep (the parser's limit)

static_assert(sizeof(Value) == 48, "Value's layout: see the comment on Value in document.hpp");

Expected<long> to_long(std::string_view number_text) {
    // strtol itself, on a terminated copy, so every corner (whitespace, sign, 0x, octal,
    // overflow) is exactly what libxlutil's xlu_cfg_get_long sees.
    std::string copy(number_text);
    if (copy.find('\0') != std::string::npos) return fail("`{}` is not a number", copy);
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(copy.c_str(), &end, 0);
    if (errno == ERANGE) return fail("`{}` does not fit in a signed 64-bit number", copy);
    if (end == copy.c_str() || *end != '\0') return fail("`{}` is not a number", copy);
    return v;
}

void Document::reserve(std::size_t assignments) {
    assignments_.reserve(assignments);
    next_.reserve(assignments);
    effective_.reserve(assignments);
    // A power of two at least twice the keys expected, up to 64 keys (the bound is loose:
    // comments hold `=` too, and keys repeat); index_insert() rehashes past that.
    std::size_t size = 16;
    while (size < assignments * 2 && size < 128)
        size *= 2;
    if (index_.empty()) index_.assign(size, 0);
}

std::int32_t Document::find(std::string_view key) const { return find(key, hash_key(key)); }

namespace {
constexpr std::uint64_t slot_of(std::uint32_t effective_index, std::uint64_t hash) {
    return (hash & 0xffffffff00000000ULL) | (effective_index + 1U);
}
} // namespace

std::int32_t Document::find(std::string_view key, std::uint64_t hash) const {
    if (index_.empty()) return -1;
    const std::size_t mask = index_.size() - 1;
    const std::uint64_t tag = hash & 0xffffffff00000000ULL;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = index_[i];
        if (slot == 0) return -1;
        if ((slot & 0xffffffff00000000ULL) != tag) continue;
        const auto at = static_cast<std::uint32_t>(slot) - 1;
        const Effective& e = effective_[at];
        if (assignments_[e.first].key == key) return static_cast<std::int32_t>(at);
    }
}

void Document::index_insert(std::uint32_t effective_index, std::uint64_t hash) {
    if ((effective_.size() + 1) * 2 > index_.size()) {
        // Grow and rehash: keeps the load factor at most one half.
        std::size_t size = index_.empty() ? 16 : index_.size() * 2;
        index_.assign(size, 0);
        for (std::uint32_t i = 0; i < effective_.size(); ++i) {
            if (i == effective_index) continue;
            const std::uint64_t h = hash_key(assignments_[effective_[i].first].key);
            std::size_t j = h & (size - 1);
            while (index_[j] != 0)
                j = (j + 1) & (size - 1);
            index_[j] = slot_of(i, h);
        }
    }
    const std::size_t mask = index_.size() - 1;
    std::size_t j = hash & mask;
    while (index_[j] != 0)
        j = (j + 1) & mask;
    index_[j] = slot_of(effective_index, hash);
}

const Value& Document::value_of(const Effective& e) const {
    return e.merged >= 0 ? merged_[static_cast<std::size_t>(e.merged)] : assignments_[e.last].value;
}

void Document::add(Assignment a) { (void)add_checked(std::move(a)); }

const Assignment* Document::add_checked(Assignment a) {
    assignments_.push_back(std::move(a));
    return commit();
}

Assignment& Document::open() {
    // A copy of a blank statement: emplace_back() value-initializes, which GCC does with a
    // `rep stos` over the whole struct (most of the cost of adding a statement).
    static const Assignment blank;
    return assignments_.emplace_back(blank);
}

void Document::discard() { assignments_.pop_back(); }

const Assignment* Document::commit() {
    const auto at = static_cast<std::uint32_t>(assignments_.size() - 1);
    Assignment& a = assignments_.back();
    const std::uint64_t hash = hash_key(a.key);
    std::int32_t found = find(a.key, hash);
    next_.push_back(kNone);
    if (found < 0) {
        effective_.push_back({at, at, -1, at});
        index_insert(static_cast<std::uint32_t>(effective_.size() - 1), hash);
        if (a.append && !a.value.is_list()) {
            // `x += 5` with no earlier x: libxlutil keeps "5" but marks it as an addition, and
            // its numeric getters refuse additions, so the value is a string.
            Value v = a.value;
            v.kind = Value::Kind::string;
            effective_.back().merged = static_cast<std::int32_t>(merged_.size());
            merged_.push_back(std::move(v));
        }
        return nullptr;
    }
    Effective& e = effective_[static_cast<std::size_t>(found)];
    next_[e.tail] = at;
    e.tail = at;
    if (!a.append) {
        e.last = at;
        e.merged = -1;
        return nullptr;
    }
    const Value& previous = value_of(e);
    if (previous.is_list() != a.value.is_list()) return &assignments_[e.last];
    Value result;
    if (previous.is_list()) {
        result.kind = Value::Kind::list;
        result.items = Items(previous.items.size() + a.value.items.size());
        std::size_t i = 0;
        for (const Value& item : previous.items)
            result.items[i++] = item;
        for (const Value& item : a.value.items)
            result.items[i++] = item;
    } else {
        result.kind = Value::Kind::string;
        std::string joined;
        joined.reserve(previous.text.size() + a.value.text.size());
        joined += previous.text;
        joined += a.value.text;
        result.text = joined;
    }
    result.range = a.value.range;
    e.last = at;
    if (e.merged >= 0) {
        merged_[static_cast<std::size_t>(e.merged)] = std::move(result);
    } else {
        e.merged = static_cast<std::int32_t>(merged_.size());
        merged_.push_back(std::move(result));
    }
    return nullptr;
}

const Value* Document::get(std::string_view key) const {
    std::int32_t found = find(key);
    if (found < 0) return nullptr;
    return &value_of(effective_[static_cast<std::size_t>(found)]);
}

std::vector<std::string> Document::keys() const {
    std::vector<std::string> out;
    out.reserve(effective_.size());
    for (const auto& e : effective_)
        out.push_back(assignments_[e.first].key);
    return out;
}

std::vector<const Assignment*> Document::history(std::string_view key) const {
    std::vector<const Assignment*> out;
    const std::int32_t found = find(key);
    if (found < 0) return out;
    for (std::uint32_t i = effective_[static_cast<std::size_t>(found)].first; i != kNone; i = next_[i])
        out.push_back(&assignments_[i]);
    return out;
}

std::optional<SourceRange> Document::where(std::string_view key) const {
    std::int32_t found = find(key);
    if (found < 0) return std::nullopt;
    return assignments_[effective_[static_cast<std::size_t>(found)].last].key_range;
}

} // namespace domfw::cfg
