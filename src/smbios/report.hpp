// SMBIOS as JSON and as a compact text listing for `domfw host show`. Serial numbers, UUIDs and
// asset tags are hidden ("[redacted]") unless ReportOptions::show_secrets: a host's identity must
// not leak into logs or bug reports by default.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "smbios/json_writer.hpp"
#include "smbios/table.hpp"

namespace domfw::smbios {

struct ReportOptions {
    bool show_secrets = false;
};

inline constexpr const char* kRedacted = "[redacted]";

// {"version", "entry_point", "structures": [{"type", "handle", "offset", "length", "name",
//  "strings", "fields", "values"}], "error", "notes"}
[[nodiscard]] nlohmann::json to_json(const SmbiosTable& t, const ReportOptions& opt = {});
// The same document as to_json(t, opt).dump(2) (nested at `depth`), written directly: several
// times faster, which is most of `domfw host show --json`'s run time.
void write_json(const SmbiosTable& t, const ReportOptions& opt, std::string& out, int depth = 0);
// The same, handed to `sink` in 64 KiB pieces as it is written: memory stays flat however long
// the document.
void write_json(const SmbiosTable& t, const ReportOptions& opt, const JsonWriter::Sink& sink, int depth = 0);
// One heading per structure, its decoded fields indented below.
[[nodiscard]] std::string render_text(const SmbiosTable& t, const ReportOptions& opt = {});
// The same text handed to `sink` in pieces of about 64 KiB.
void write_text(const SmbiosTable& t, const ReportOptions& opt, const JsonWriter::Sink& sink);

} // namespace domfw::smbios
