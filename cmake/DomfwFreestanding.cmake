# Code that runs inside the guest (src/core, loader/) is built 32-bit and freestanding: no libc,
# no libstdc++ runtime, no exceptions or RTTI. One flag list for every such target.
set(DOMFW_FREESTANDING_COMPILE_OPTIONS
    -m32 -ffreestanding -fno-exceptions -fno-rtti -fno-stack-protector -fno-pic
    -fno-asynchronous-unwind-tables -fno-threadsafe-statics)
set(DOMFW_FREESTANDING_LINK_OPTIONS -m32 -nostdlib -static)

# domfw_freestanding(TARGET): give TARGET the freestanding flags and nothing else. The dev and fuzz
# presets add -fsanitize=... / -fsanitize=fuzzer-no-link with add_compile_options(), which every
# target inherits as its initial COMPILE_OPTIONS; the sanitizer runtimes are hosted libraries that
# a -nostdlib link cannot resolve, so the inherited lists are replaced here, not appended to.
function(domfw_freestanding target)
  set_property(TARGET ${target} PROPERTY COMPILE_OPTIONS ${DOMFW_FREESTANDING_COMPILE_OPTIONS})
  set_property(TARGET ${target} PROPERTY LINK_OPTIONS ${DOMFW_FREESTANDING_LINK_OPTIONS})
  set_property(TARGET ${target} PROPERTY POSITION_INDEPENDENT_CODE OFF)
  target_link_libraries(${target} PRIVATE domfw_warnings)
endfunction()
