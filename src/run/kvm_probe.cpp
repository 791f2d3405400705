#include "run/kvm_probe.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "support/fd.hpp"

namespace domfw::run {
namespace {

using support::Fd;

struct Map {
    void* at;
    std::size_t size;
    Map(void* a, std::size_t s) : at(a), size(s) {}
    Map(const Map&) = delete;
    Map& operator=(const Map&) = delete;
    ~Map() {
        if (at != MAP_FAILED) ::munmap(at, size);
    }
};

constexpr std::uint64_t kGuestPage = 0x1000;
constexpr int kKvmApiVersion = 12; // the only stable version (Documentation/virt/kvm/api.rst)

} // namespace

Expected<void> probe_kvm() {
    const Fd kvm(::open("/dev/kvm", O_RDWR | O_CLOEXEC));
    if (kvm.fd < 0) return fail("/dev/kvm: {}", std::strerror(errno));
    if (::ioctl(kvm.fd, KVM_GET_API_VERSION, 0) != kKvmApiVersion) return fail("/dev/kvm: not KVM API version 12");
    const Fd vm(::ioctl(kvm.fd, KVM_CREATE_VM, 0));
    if (vm.fd < 0) return fail("/dev/kvm: KVM_CREATE_VM: {}", std::strerror(errno));
    const Map mem(::mmap(nullptr, kGuestPage, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0), kGuestPage);
    if (mem.at == MAP_FAILED) return fail("/dev/kvm: mmap: {}", std::strerror(errno));
    *static_cast<std::uint8_t*>(mem.at) = 0xF4; // HLT
    kvm_userspace_memory_region region{};
    region.guest_phys_addr = kGuestPage;
    region.memory_size = kGuestPage;
    region.userspace_addr = reinterpret_cast<std::uintptr_t>(mem.at);
    if (::ioctl(vm.fd, KVM_SET_USER_MEMORY_REGION, &region) != 0)
        return fail("/dev/kvm: KVM_SET_USER_MEMORY_REGION: {}", std::strerror(errno));
    const Fd vcpu(::ioctl(vm.fd, KVM_CREATE_VCPU, 0));
    if (vcpu.fd < 0) return fail("/dev/kvm: KVM_CREATE_VCPU: {}", std::strerror(errno));
    const int run_size = ::ioctl(kvm.fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size <= 0) return fail("/dev/kvm: KVM_GET_VCPU_MMAP_SIZE: {}", std::strerror(errno));
    const Map run(::mmap(nullptr, static_cast<std::size_t>(run_size), PROT_READ | PROT_WRITE, MAP_SHARED, vcpu.fd, 0),
                  static_cast<std::size_t>(run_size));
    if (run.at == MAP_FAILED) return fail("/dev/kvm: mmap of the vCPU: {}", std::strerror(errno));
    // Real mode at CS:IP 0:0x1000, the HLT.
    kvm_sregs sregs{};
    if (::ioctl(vcpu.fd, KVM_GET_SREGS, &sregs) != 0) return fail("/dev/kvm: KVM_GET_SREGS: {}", std::strerror(errno));
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    if (::ioctl(vcpu.fd, KVM_SET_SREGS, &sregs) != 0) return fail("/dev/kvm: KVM_SET_SREGS: {}", std::strerror(errno));
    kvm_regs regs{};
    regs.rip = kGuestPage;
    regs.rflags = 2; // bit 1 is always set
    if (::ioctl(vcpu.fd, KVM_SET_REGS, &regs) != 0) return fail("/dev/kvm: KVM_SET_REGS: {}", std::strerror(errno));
    if (::ioctl(vcpu.fd, KVM_RUN, 0) != 0) return fail("/dev/kvm: KVM_RUN: {}", std::strerror(errno));
    const auto reason = static_cast<const kvm_run*>(run.at)->exit_reason;
    if (reason != KVM_EXIT_HLT) return fail("/dev/kvm: a HLT guest exited with reason {}, not KVM_EXIT_HLT", reason);
    return {};
}

} // namespace domfw::run
