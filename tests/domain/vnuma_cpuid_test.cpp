// vnuma and cpuid (src/domain/vnuma.cpp, cpuid.cpp): the values as libxl holds them (each checked
// against `xl -N create` of Debian's xl 4.17.7 when written) and one malformed config per error
// path, with the exact message. virtio: xl 4.17 does not read it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/keys.hpp"
#include "domain/libxl_json.hpp"
#include "test_util.hpp"

using namespace domfw::domain;
using namespace domfw::domain::test;
using ::testing::ElementsAre;
using json = nlohmann::ordered_json;

namespace {

std::string pv(std::string_view more) { return "name = \"g\"\nkernel = \"/k\"\n" + std::string(more); }

json b_info(std::string_view text) {
    auto r = load_cfg(text);
    EXPECT_TRUE(r.ok()) << testing::PrintToString(lines_of(r.diagnostics));
    return to_libxl_json(r.config)["b_info"];
}

} // namespace

TEST(Vnuma, NodesSetMaxmemAndMaxvcpus) {
    auto b = b_info(pv("memory = 1024\nvnuma = [ [\"pnode=0\", \"size=512\", \"vcpus=0-1\", \"vdistances=10,20\"],\n"
                       "  [\"pnode=0\", \"size=512\", \"vcpus=2-3\", \"vdistances=20,10\"] ]\n"));
    EXPECT_EQ(b["max_vcpus"], 4);
    EXPECT_EQ(b["max_memkb"], 1048576);
    EXPECT_EQ(b["target_memkb"], 1048576);
    EXPECT_EQ(b["numa_placement"], "False");
    EXPECT_EQ(b["vnuma_nodes"], json::parse(R"([{"memkb":524288,"distances":[10,20],"vcpus":[0,1]},
                                               {"memkb":524288,"distances":[20,10],"vcpus":[2,3]}])"));
}

TEST(Vnuma, AsXlTrimsAndSkips) {
    // Blanks around option and value are trimmed, a nested list is skipped, vCPUs come out sorted,
    // a missing distance is 0 and without pnode libxl keeps placing the guest itself.
    auto b = b_info(pv("vnuma = [[\" size = 7 \", [\"x\"], \"vcpus=1,0\"]]\n"));
    EXPECT_EQ(b["max_vcpus"], 2);
    EXPECT_EQ(b["max_memkb"], 7168);
    EXPECT_FALSE(b.contains("numa_placement"));
    EXPECT_EQ(b["vnuma_nodes"], json::parse(R"([{"memkb":7168,"distances":[0],"vcpus":[0,1]}])"));
    // The nodes agreeing with maxvcpus and maxmem; an empty list is no vnuma at all.
    auto m = b_info(pv("maxvcpus = 2\nmaxmem = 5\nvnuma = [[\"size=5\", \"vcpus=0-1\"]]\n"));
    EXPECT_EQ(m["max_vcpus"], 2);
    EXPECT_EQ(m["max_memkb"], 5120);
    EXPECT_FALSE(b_info(pv("vnuma = []\n")).contains("vnuma_nodes"));
}

TEST(Vnuma, Warnings) {
    EXPECT_THAT(
        diags(pv("vnuma = \"pnode=0\"\n")),
        ElementsAre("3:9: warning: \"vnuma\" is a single value but should be a list of nodes (each a list "
                    "such as [\"pnode=0\", \"size=512\", \"vcpus=0-1\", \"vdistances=10,20\"]); xl ignores it"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0\", \"color=red\"]]\n")),
                ElementsAre("3:32: warning: vnuma node 0: unknown option \"color\" in \"color=red\"; xl ignores it "
                            "(expected pnode, size, vcpus or vdistances)"));
}

TEST(Vnuma, MemoryAboveTheNodes) {
    // xl takes maxmem from the nodes and keeps memory as written: the guest starts with maxmem.
    EXPECT_THAT(diags(pv("memory = 1024\nvnuma = [[\"size=512\", \"vcpus=0\"]]\n")),
                ElementsAre("3:10: warning: memory (1024 MiB) is above the vnuma nodes' sizes (512 MiB, line 4); the "
                            "guest starts with maxmem"));
}

TEST(Vnuma, XlErrors) {
    EXPECT_THAT(diags(pv("vnuma = [\"size=5\"]\n")),
                ElementsAre("3:10: error: xl: cannot get vnode config option list (vnuma node 0 is \"size=5\"; each "
                            "node is a list such as [\"pnode=0\", \"size=512\", \"vcpus=0-1\"])"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size\"]]\n")),
                ElementsAre("3:11: error: xl: failed to split \"size\" into pair (vnuma node 0: expected "
                            "OPTION=VALUE)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"pnode=64\", \"size=5\"]]\n")),
                ElementsAre("3:11: error: xl: invalid pnode number: 64 (vnuma node 0: Xen has at most 64 NUMA nodes, "
                            "numbered from 0)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0-1\"]]\nmaxvcpus = 3\n")),
                ElementsAre("4:12: error: xl: vnuma vcpus and maxvcpus= mismatch (the vnuma nodes name 2 vCPUs, "
                            "maxvcpus = 3)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0-1\"]]\nmaxmem = 6\n")),
                ElementsAre("4:10: error: xl: maxmem and vnuma memory size mismatch (maxmem = 6 MiB, the vnuma "
                            "nodes' sizes add up to 5 MiB)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0\"]]\nvcpus = 2\n")),
                ElementsAre("3:9: error: the vnuma nodes' vCPU count = 1 is less than vcpus = 2 (line 4) (xl: "
                            "\"maxvcpus < vcpus\")"));
}

// What xl -N lets through and libxl (or nobody) refuses later: docs/differences-from-xl.md 11b.
TEST(Vnuma, StricterThanXl) {
    EXPECT_THAT(diags(pv("vnuma = [[\"pnode=x\", \"size=5\"]]\n")),
                ElementsAre("3:11: error: vnuma node 0: pnode \"x\" is not a decimal number (in \"pnode=x\"; xl: "
                            "\"failed to convert\", or it reads the leading digits)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=512M\"]]\n")),
                ElementsAre("3:11: error: vnuma node 0: size \"512M\" is not a decimal number (in \"size=512M\"; xl: "
                            "\"failed to convert\", or it reads the leading digits)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"size=6\"]]\n")),
                ElementsAre("3:21: error: vnuma node 0: size is given twice (\"size=6\"; xl adds both to maxmem but "
                            "keeps the last)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=4294963201\", \"vcpus=0\"]]\n")),
                ElementsAre("3:11: error: vnuma node 0: size 4294963201 MiB takes the nodes above 4294963200 MiB "
                            "(2^52 bytes less 4 GiB), the most guest RAM domfw takes"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=3-1\"]]\n")),
                ElementsAre("3:21: error: vnuma node 0: invalid vcpus range \"3-1\" (in \"vcpus=3-1\"; expected N or "
                            "N-M, M >= N, below 4096, separated by commas)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0\"], [\"size=5\", \"vcpus=0\"]]\n")),
                ElementsAre("3:44: error: vnuma node 1: vCPU 0 is assigned more than once (also in node 0; libxl: "
                            "\"Vcpu 0 assigned more than once\")"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0\", \"vdistances=10,20\"]]\n")),
                ElementsAre("3:32: error: vnuma node 0: vdistances has 2 entries for 1 nodes (\"vdistances=10,20\"; "
                            "xl would write past its array)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0\", \"vdistances=10,x\"], [\"size=1\", \"vcpus=1\"]]\n")),
                ElementsAre("3:32: error: vnuma node 0: distance \"x\" is not a decimal number below 2^32 (in "
                            "\"vdistances=10,x\"; xl would wrap it or read its leading digits)"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=1\"]]\n")),
                ElementsAre("3:9: error: vnuma: vCPU 0 is in no node (the nodes' vcpus= must name each of the 1 "
                            "vCPUs 0 to 0 once; libxl: \"Vcpu 0 is not assigned to any vnode\")"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=5\", \"vcpus=0,2\"]]\nmaxvcpus = 2\n")),
                ElementsAre("3:9: error: vnuma: vCPU 1 is in no node (the nodes' vcpus= must name each of the 2 vCPUs "
                            "0 to 1 once; libxl: \"Vcpu 1 is not assigned to any vnode\")"));
    EXPECT_THAT(diags(pv("vnuma = [[\"size=0\", \"vcpus=0\"]]\n")),
                ElementsAre("3:9: error: vnuma: no node has a size= above 0: the guest would have no RAM (xl gives "
                            "it maxmem 0)"));
}

TEST(Cpuid, TheLibxlForm) {
    // Checked against xl 4.17.7: a feature of leaf 1 ecx and edx, family/model spilling into the
    // extended fields, Xen's featureset names (avx512f: leaf 7 ebx) and MSR 0x10a (rdcl-no).
    EXPECT_EQ(b_info(pv("cpuid = \"host,tm=0,sse3=0\"\n"))["cpuid"],
              json::parse(R"({"cpuid":[{"leaf":1,"ecx":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0",
                                          "edx":"xx0xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}],"msr":[]})"));
    EXPECT_EQ(b_info(pv("cpuid = \"host,family=0x18,model=0x31,stepping=2\"\n"))["cpuid"],
              json::parse(R"({"cpuid":[{"leaf":1,"eax":"xxxx000010010011xxxx111100010010"}],"msr":[]})"));
    EXPECT_EQ(b_info(pv("cpuid = \"host,arch-caps=0,rdcl-no=1,avx512f=0\"\n"))["cpuid"],
              json::parse(R"({"cpuid":[{"leaf":7,"subleaf":0,"ebx":"xxxxxxxxxxxxxxx0xxxxxxxxxxxxxxxx",
                                          "edx":"xx0xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}],
                              "msr":[{"index":266,"policy":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1"}]})"));
    EXPECT_FALSE(b_info(pv("cpuid = \"host\"\n")).contains("cpuid"));
    EXPECT_FALSE(b_info(pv("cpuid = \"\"\n")).contains("cpuid"));
}

TEST(Cpuid, TheXendForm) {
    EXPECT_EQ(b_info(pv("cpuid = [\"0x1:ecx=0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\",\n"
                        "  \"7,0:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0\"]\n"))["cpuid"],
              json::parse(R"({"cpuid":[{"leaf":1,"ecx":"0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                                          "edx":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1"},
                                         {"leaf":7,"subleaf":0,"ebx":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0"}],"msr":[]})"));
    EXPECT_FALSE(b_info(pv("cpuid = []\n")).contains("cpuid"));
}

// xl prints each of these and creates the domain without the entry; domfw refuses the config.
TEST(Cpuid, Errors) {
    const std::string flag_tail = "; xl goes on without it)";
    EXPECT_THAT(diags(pv("cpuid = \"nothost,tm=0\"\n")),
                ElementsAre("3:9: error: while parsing CPUID string: \"nothost,tm=0\": error: first word must be "
                            "\"host\" (as in cpuid = \"host,tm=0,sse3=0\"" +
                            flag_tail));
    EXPECT_THAT(diags(pv("cpuid = \"host,tm\"\n")),
                ElementsAre("3:9: error: while parsing CPUID flag: \"tm\": error #1: missing \"=\" in key=value (in "
                            "cpuid = \"host,tm\"" +
                            flag_tail));
    EXPECT_THAT(diags(pv("cpuid = \"host,foo=1\"\n")),
                ElementsAre("3:9: error: while parsing CPUID flag: \"foo=1\": error #2: unknown CPUID flag name (in "
                            "cpuid = \"host,foo=1\"" +
                            flag_tail));
    EXPECT_THAT(diags(pv("cpuid = \"host,tm=z\"\n")),
                ElementsAre("3:9: error: while parsing CPUID flag: \"tm=z\": error #3: illegal CPUID value (must be: "
                            "[0|1|x|k|s]) (in cpuid = \"host,tm=z\"" +
                            flag_tail));
    EXPECT_THAT(diags(pv("cpuid = \"host,rdcl-no=0x0\"\n")),
                ElementsAre("3:9: error: while parsing CPUID flag: \"rdcl-no=0x0\": error #3: illegal CPUID value "
                            "(must be: [0|1|x|k|s]) (in cpuid = \"host,rdcl-no=0x0\"" +
                            flag_tail));
    const std::string line_tail =
        " (expected LEAF[,SUBLEAF]:eNx=MASK,... with 32 of 0, 1, x, k, s per MASK; xl goes on without it)";
    EXPECT_THAT(
        diags(pv("cpuid = [\"x:eax=1\"]\n")),
        ElementsAre("3:10: error: while parsing CPUID line: \"x:eax=1\": error #1: illegal leaf number" + line_tail));
    EXPECT_THAT(diags(pv("cpuid = [\"1,y:eax=1\"]\n")),
                ElementsAre("3:10: error: while parsing CPUID line: \"1,y:eax=1\": error #2: illegal subleaf number" +
                            line_tail));
    EXPECT_THAT(diags(pv("cpuid = [\"1 eax\"]\n")),
                ElementsAre("3:10: error: while parsing CPUID line: \"1 eax\": error #3: missing colon" + line_tail));
    EXPECT_THAT(diags(pv("cpuid = [\"1:eqx=0\"]\n")),
                ElementsAre("3:10: error: while parsing CPUID line: \"1:eqx=0\": error #4: invalid register name "
                            "(must be e[abcd]x)" +
                            line_tail));
    EXPECT_THAT(diags(pv("cpuid = [\"1:eax=01\"]\n")),
                ElementsAre("3:10: error: while parsing CPUID line: \"1:eax=01\": error #5: policy string must be "
                            "exactly 32 characters long" +
                            line_tail));
    EXPECT_THAT(diags(pv("cpuid = [\"1:eax=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz\"]\n")),
                ElementsAre("3:10: error: while parsing CPUID line: \"1:eax=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz\": error "
                            "#6: a policy character other than 0, 1, x, k or s" +
                            line_tail));
}

TEST(Virtio, IsAXen418KeyXl417Ignores) {
    EXPECT_THAT(diags(pv("virtio = [\"type=virtio,device\"]\n")),
                ElementsAre("3:1: warning: \"virtio\" is a Xen 4.18 key (virtio-mmio devices): xl 4.17 ignores it "
                            "without a word, so the guest gets no virtio device; it is passed through unchanged"));
    EXPECT_EQ(build_info_family("vnuma"), "vnuma");
    EXPECT_EQ(build_info_family("cpuid"), "cpuid");
    EXPECT_EQ(build_info_family("virtio"), "");
}
