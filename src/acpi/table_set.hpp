// The tables of one machine, in the order the source gave them (firmware order for a memory
// image, acpidump order for text), plus what went wrong outside any one table.
#pragma once

#include <string>
#include <vector>

#include "acpi/table.hpp"

namespace domfw::acpi {

class AcpiTableSet {
public:
    void add(AcpiTable t) { tables_.push_back(std::move(t)); }
    void warn(std::string w) { warnings_.push_back(std::move(w)); }
    void set_source(std::string s) { source_ = std::move(s); }

    [[nodiscard]] const std::vector<AcpiTable>& tables() const { return tables_; }
    [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }
    [[nodiscard]] const std::string& source() const { return source_; }
    [[nodiscard]] std::size_t size() const { return tables_.size(); }
    [[nodiscard]] bool empty() const { return tables_.empty(); }

    // Names as Linux gives them in /sys/firmware/acpi/tables (drivers/acpi/sysfs.c): the
    // signature alone when it is unique, else SIG1, SIG2, ... in order. One per table.
    [[nodiscard]] std::vector<std::string> names() const;
    // The first table with this signature, or nullptr.
    [[nodiscard]] const AcpiTable* find(const char (&signature)[5]) const;

private:
    std::vector<AcpiTable> tables_;
    std::vector<std::string> warnings_;
    std::string source_;
};

// Linux-style names for a sequence of signatures (shared by names() and sysfs_files()).
[[nodiscard]] std::vector<std::string> numbered_names(const std::vector<std::string>& signatures);

} // namespace domfw::acpi
