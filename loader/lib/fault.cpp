#include "loader/lib/fault.hpp"

namespace domfw::loader {
namespace {

constexpr core::Field A = core::Field::offset, S = core::Field::size, E = core::Field::end, I = core::Field::index,
                      V = core::Field::value, Vd = core::Field::value_dec, L = core::Field::limit,
                      Obj = core::Field::what, Other = core::Field::other, Cause = core::Field::cause;

// The loader's own faults in core's wording scheme, from the same list as the enum.
core::Words words(Fault f) {
    switch (f) {
#define DOMFW_FAULT(name, ...)                                                                                         \
    case Fault::name:                                                                                                  \
        return {__VA_ARGS__};
#include "loader/lib/faults.def"
#undef DOMFW_FAULT
    }
    return {"unknown fault"};
}

} // namespace

void render(Console& con, const core::Error& e) {
    core::TextSink sink = con.text_sink();
    core::write_module_fault(sink, e);
}

void render(Console& con, const LoaderError& e) {
    core::TextSink sink = con.text_sink();
    const core::Subject s{.offset = e.addr,
                          .value = e.value,
                          .limit = e.limit,
                          .size = e.size,
                          .index = e.index,
                          .what = e.object,
                          .other = e.other,
                          .cause = &e.cause};
    core::write_words(sink, words(e.fault), s);
    // A file that is no ELF is most often a compressed bzImage: say what to do about it.
    if (e.fault == Fault::elf_invalid && e.cause.is(core::ElfFault::no_magic))
        con.str("; a bzImage must be unpacked by `domfw build`");
}

} // namespace domfw::loader
