#include "acpi/table_set.hpp"

#include <map>

namespace domfw::acpi {

std::vector<std::string> numbered_names(const std::vector<std::string>& signatures) {
    std::map<std::string, unsigned> total;
    for (const auto& s : signatures)
        ++total[s];
    std::map<std::string, unsigned> seen;
    std::vector<std::string> out;
    out.reserve(signatures.size());
    for (const auto& s : signatures) {
        unsigned n = ++seen[s];
        out.push_back(total[s] > 1 ? s + std::to_string(n) : s);
    }
    return out;
}

std::vector<std::string> AcpiTableSet::names() const {
    std::vector<std::string> sigs;
    sigs.reserve(tables_.size());
    for (const auto& t : tables_)
        sigs.push_back(t.signature_text());
    return numbered_names(sigs);
}

const AcpiTable* AcpiTableSet::find(const char (&signature)[5]) const {
    for (const auto& t : tables_) {
        if (t.signature_is(signature)) return &t;
    }
    return nullptr;
}

} // namespace domfw::acpi
