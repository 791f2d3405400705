#include "core/smbios_firmware.hpp"

#include "core/wire_names.hpp"

namespace domfw::core {

namespace {

// The one structure of a record, walked on its own: offsets from the record's structure start.
Result<smbios::Structure> only_structure(Bytes s) {
    smbios::StructureWalk walk(s, 1);
    smbios::Structure st;
    if (!walk.next(st)) return smbios::walk_error(walk.error(), 0);
    if (st.size() != s.size())
        return fault(SmbiosFirmwareFault::length_not_size, 0, s.size(), st.size(),
                     std::uint64_t{st.type} << 16 | st.handle);
    return st;
}

} // namespace

bool SmbiosFirmwareReader::next(smbios::Structure& out) {
    if (failed_ || pos_ == blob_.size()) return false;
    auto refuse = [&](const Error& e) {
        error_ = e;
        failed_ = true;
        return false;
    };
    const std::size_t left = blob_.size() - pos_;
    if (left < kSmbiosFirmwarePrefix)
        return refuse(fault(SmbiosFirmwareFault::prefix_cut, pos_, left, kSmbiosFirmwarePrefix));
    const std::uint32_t len = ByteReader(blob_).u32_at(pos_).value();
    const std::size_t after = left - kSmbiosFirmwarePrefix;
    if (len < sizeof(abi::SmbiosStructureHeader))
        return refuse(fault(SmbiosFirmwareFault::length_below_header, pos_, len, sizeof(abi::SmbiosStructureHeader)));
    if (len > after) return refuse(fault(SmbiosFirmwareFault::length_past_end, pos_, len, after));
    const std::size_t start = pos_ + kSmbiosFirmwarePrefix;
    auto st = only_structure(blob_.subspan(start, len));
    if (!st) {
        // A walk fault: from the structure to the blob; length_not_size: the record's start.
        Error e = st.error();
        e.offset = e.reader == Reader::smbios_structure ? e.offset + start : pos_;
        return refuse(e);
    }
    out = *st;
    out.offset = start;
    pos_ = start + len;
    ++count_;
    return true;
}

Status write_smbios_firmware_record(ByteWriter& w, Bytes structure) {
    if (auto st = only_structure(structure); !st) return st.error();
    DOMFW_TRY(std::uint32_t len, narrow<std::uint32_t>(structure.size()));
    w.u32le(len);
    w.bytes(structure);
    return w.status();
}

} // namespace domfw::core
