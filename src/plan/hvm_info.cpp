// hvm_info_table (public/hvm/hvm_info_table.h; XEN-FACTS §2): 48 bytes at 0x9F800 whose bytes
// sum to zero, as libxc's build_hvm_info() writes it.
#include <cstring>

#include "core/byte_writer.hpp"
#include "core/checksum.hpp"
#include "domfw/abi/hvm_info_table.h"
#include "plan/layout.hpp"
#include "plan/plan_parts.hpp"

namespace domfw::plan::detail {

Expected<std::vector<std::uint8_t>> make_hvm_info(std::uint32_t vcpus, std::uint64_t low_ram_end,
                                                  std::uint64_t high_ram_end) {
    std::vector<std::uint8_t> out(sizeof(domfw_hvm_info_table), 0);
    core::ByteWriter w(out);
    w.bytes(core::Bytes(reinterpret_cast<const std::uint8_t*>(DOMFW_HVM_INFO_SIGNATURE), 8));
    w.u32le(static_cast<std::uint32_t>(out.size()));
    w.u8(0); // checksum, fixed below
    w.u8(1); // apic_mode: firmware builds the MADT
    w.zeros(2);
    w.u32le(vcpus);
    w.u32le(static_cast<std::uint32_t>(low_ram_end / layout::kPage));
    w.u32le(layout::kReservedMemPgstart);
    w.u32le(static_cast<std::uint32_t>(high_ram_end / layout::kPage));
    if (!w.ok()) return Unexpected(Error{domfw::describe(w.fault(), "hvm_info_table")});
    for (std::uint32_t i = 0; i < vcpus && i < DOMFW_HVM_MAX_VCPUS; ++i)
        out[32 + i / 8] = static_cast<std::uint8_t>(out[32 + i / 8] | (1U << (i % 8)));
    out[12] = core::sum8_fix(out);
    return out;
}

} // namespace domfw::plan::detail
