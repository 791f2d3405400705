// Whether QEMU can use KVM here: /dev/kvm opens read-write (QEMU's need) and a one-instruction
// guest (HLT) runs to its KVM_EXIT_HLT, so a /dev/kvm that opens but cannot run is caught too.
#pragma once

#include "support/error.hpp"

namespace domfw::run {

// Ok when KVM works; otherwise why not, in words ("/dev/kvm: Permission denied").
[[nodiscard]] Expected<void> probe_kvm();

} // namespace domfw::run
