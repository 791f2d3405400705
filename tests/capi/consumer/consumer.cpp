// The same as consumer.c from C++, built with find_package(domfw): the C API needs no C++ types,
// so RAII wrappers of a few lines are all a C++ toolstack adds.
// Usage: consumer_cxx CAPTURE CONFIG
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <domfw/domfw.h>

namespace {

struct CtxFree {
    void operator()(domfw_ctx* c) const { domfw_ctx_free(c); }
};
struct HostFree {
    void operator()(domfw_host* h) const { domfw_host_free(h); }
};
struct SelectionFree {
    void operator()(domfw_selection* s) const { domfw_selection_free(s); }
};
struct ImageFree {
    void operator()(domfw_image* i) const { domfw_image_free(i); }
};
struct PlanFree {
    void operator()(domfw_plan* p) const { domfw_plan_free(p); }
};

int failed(domfw_ctx* ctx, const char* what, domfw_status s) {
    std::fprintf(stderr, "consumer_cxx: %s: %s: %s\n", what, domfw_status_name(s), domfw_ctx_message(ctx));
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: consumer_cxx CAPTURE CONFIG\n");
        return 2;
    }
    std::unique_ptr<domfw_ctx, CtxFree> ctx(domfw_ctx_new());
    domfw_host* h = nullptr;
    if (auto s = domfw_host_open(ctx.get(), argv[1], &h); s != DOMFW_OK) return failed(ctx.get(), "host", s);
    std::unique_ptr<domfw_host, HostFree> host(h);
    const char* types[] = {"0-3", "11"};
    const domfw_policy policy{sizeof policy, types, 2, nullptr, 0, 0, "capi-consumer"};
    domfw_selection* sp = nullptr;
    if (auto s = domfw_host_select(ctx.get(), host.get(), &policy, &sp); s != DOMFW_OK)
        return failed(ctx.get(), "select", s);
    std::unique_ptr<domfw_selection, SelectionFree> sel(sp);
    size_t size = 0;
    (void)domfw_selection_bytes(ctx.get(), sel.get(), DOMFW_PART_BUNDLE, nullptr, 0, &size);
    std::vector<uint8_t> bundle(size);
    if (auto s = domfw_selection_bytes(ctx.get(), sel.get(), DOMFW_PART_BUNDLE, bundle.data(), size, &size);
        s != DOMFW_OK)
        return failed(ctx.get(), "bundle", s);
    domfw_image* ip = nullptr;
    if (auto s = domfw_image_open(ctx.get(), bundle.data(), bundle.size(), &ip); s != DOMFW_OK)
        return failed(ctx.get(), "image", s);
    std::unique_ptr<domfw_image, ImageFree> image(ip);
    size_t modules = 0;
    (void)domfw_image_module_count(ctx.get(), image.get(), &modules);
    std::fprintf(stderr, "consumer_cxx: libdomfw %s: bundle of %zu module(s), %zu bytes\n", domfw_version(), modules,
                 bundle.size());

    std::ifstream in(argv[2], std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    domfw_plan* pp = nullptr;
    if (auto s = domfw_plan_from_cfg(ctx.get(), text.data(), text.size(), argv[2], nullptr, &pp); s != DOMFW_OK)
        return failed(ctx.get(), "plan", s);
    std::unique_ptr<domfw_plan, PlanFree> plan(pp);
    size_t keys = 0;
    (void)domfw_plan_xenstore_count(ctx.get(), plan.get(), &keys);
    for (size_t i = 0; i < keys; ++i) {
        const char* key = nullptr;
        const char* value = nullptr;
        if (auto s = domfw_plan_xenstore(ctx.get(), plan.get(), i, &key, &value); s != DOMFW_OK)
            return failed(ctx.get(), "xenstore", s);
        std::printf("%s = \"%s\"\n", key, value);
    }
    return 0;
}
