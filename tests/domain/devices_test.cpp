// The device lists (src/domain/devices): one malformed item per error path with its exact
// message and place, xl's defaults, and the libxl JSON of each family. The same behaviour is
// checked against the real xl by xl_diff_devices_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/libxl_json.hpp"
#include "test_util.hpp"

using namespace domfw::domain;
using namespace domfw::domain::test;
using nlohmann::json;

namespace {

std::string config(std::string_view key, std::string_view item) {
    return fmt::format("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\n{} = [\"{}\"]\n", key, item);
}

// The diagnostics of a config with one item of `key`, without the kernel's.
std::vector<std::string> item_diags(std::string_view key, std::string_view item) { return diags(config(key, item)); }

json libxl(std::string_view text) { return json::parse(to_libxl_json(load_cfg(text).config).dump()); }

struct Case {
    const char* key;
    const char* item;
    const char* message; // at line 4, the item's column
};

} // namespace

TEST(Devices, EachErrorPathHasItsMessage) {
    const Case cases[] = {
#include "devices_cases.inc"
    };
    for (const auto& c : cases) {
        // A vsnd item sits in a card, a list of its own: `vsnd = [["`.
        bool card = std::string_view(c.key) == "vsnd";
        auto col = std::string_view(c.key).size() + (card ? 6 : 5); // `key = ["`: the item's opening quote
        auto expected = fmt::format("4:{}: error: {}", col, c.message);
        auto got =
            card ? diags(fmt::format("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nvsnd = [[\"{}\"]]\n", c.item))
                 : item_diags(c.key, c.item);
        EXPECT_EQ(got, std::vector<std::string>{expected}) << c.key << " = " << c.item;
    }
}

// xl's JSON for these items, taken from `xl -N create` 4.17 (xl_diff_devices_test checks the rest).
TEST(Devices, DiskGrammarAsXlReadsIt) {
    auto j = libxl(config("disk", "/dev/vg/a,raw,xvda,rw\", \"qcow2:/x,xvdb\", \",,hdc:cdrom,r\", "
                                  "\"nbd:host:1,xvdf\", \"vdev=xvdc,backendtype=qdisk,discard,direct-io-safe,"
                                  "script=block-x,target=/a,b,c"));
    EXPECT_EQ(j["disks"], json::parse(R"([
        {"pdev_path": "/dev/vg/a", "vdev": "xvda", "format": "raw", "readwrite": 1},
        {"pdev_path": "/x", "vdev": "xvdb", "format": "qcow2", "readwrite": 1},
        {"pdev_path": "", "vdev": "hdc", "format": "empty", "removable": 1, "is_cdrom": 1},
        {"pdev_path": "host:1", "vdev": "xvdf", "format": "raw", "script": "block-nbd", "readwrite": 1},
        {"pdev_path": "/a,b,c", "vdev": "xvdc", "backend": "qdisk", "format": "raw", "script": "block-x",
         "readwrite": 1, "direct_io_safe": true, "discard_enable": "True"}])"));
}

TEST(Devices, DiskScannerTakesTheLongestRule) {
    // "/a:b" is a target (no deprecated prefix: '/' is not [a-z]); "colo-port=5" is a key, not
    // a positional; " raw " keeps its trailing space, so it is no format.
    EXPECT_EQ(libxl(config("disk", "/a:b,raw,xvda"))["disks"][0]["pdev_path"], "/a:b");
    EXPECT_EQ(libxl(config("disk", "colo-port=5,vdev=xvda,target=/t"))["disks"][0]["colo_port"], 5);
    EXPECT_EQ(item_diags("disk", "/a, raw , xvda"),
              std::vector<std::string>{"4:9: error: disk[0]: config parsing error in disk specification: unknown value "
                                       "for format: near `raw ' in `/a, raw , xvda'"});
    // Xen 4.17 has no "trusted" key: it is the target, and target= then respecifies it.
    EXPECT_EQ(item_diags("disk", "trusted,vdev=xvda,target=/t"),
              std::vector<std::string>{"4:9: error: disk[0]: config parsing error in disk specification: target "
                                       "respecified: near `/t' in `trusted,vdev=xvda,target=/t'"});
}

TEST(Devices, NicsAsXlReadsThem) {
    auto j = libxl(config("vif", "mac=00:16:3E:00:00:01,bridge=xenbr0,ip=10.0.0.1,rate=10Mb/s,model=e1000,"
                                 "type=ioemu\", \"\", \" type=vif, bridge=br\", \"rate=010Mb/s,devid=7,mtu=12x,"
                                 "untrusted\", \"mac=00:00:00:00:00:00,rate=1GB/s@1us"));
    EXPECT_EQ(j["nics"], json::parse(R"([
        {"devid": 0, "model": "e1000", "mac": "00:16:3e:00:00:01", "ip": "10.0.0.1", "bridge": "xenbr0",
         "nictype": "vif_ioemu", "rate_bytes_per_interval": 62500, "rate_interval_usecs": 50000},
        {"devid": 1},
        {"devid": 2, "bridge": "br", "nictype": "vif"},
        {"devid": 7, "mtu": 12, "rate_bytes_per_interval": 50000, "rate_interval_usecs": 50000, "trusted": "False"},
        {"devid": 4, "rate_bytes_per_interval": 1000, "rate_interval_usecs": 1}])"));
}

TEST(Devices, NicRemarksXlMakesAreWarnings) {
    EXPECT_EQ(item_diags("vif", "accel=x,netdev=eth1"),
              (std::vector<std::string>{
                  "4:8: warning: vif[0]: the accel parameter for vifs is currently not supported; xl ignores it",
                  "4:8: warning: vif[0]: the netdev parameter is deprecated, please use gatewaydev instead"}));
    EXPECT_EQ(libxl(config("vif", "netdev=eth1"))["nics"][0]["gatewaydev"], "eth1");
}

TEST(Devices, PciAsXlReadsIt) {
    // PV and PVH devices get RDM policy 0 ("strict") from the union xl reads; HVM ones none.
    auto j = libxl(config("pci", "01:02.3\", \"0000:03:00.0,permissive=1,msitranslate=0,seize=1,power_mgmt=1\", "
                                 "\"1:2.*@1f\", \"name=gpu,rdm_policy=RELAXED"));
    EXPECT_EQ(j["pcidevs"], json::parse(R"([
        {"func": 3, "dev": 2, "bus": 1, "vfunc_mask": 1, "rdm_policy": "strict"},
        {"bus": 3, "vfunc_mask": 1, "power_mgmt": true, "permissive": true, "seize": true, "rdm_policy": "strict"},
        {"dev": 2, "bus": 1, "vdevfn": 248, "vfunc_mask": 4294967295, "rdm_policy": "strict"},
        {"rdm_policy": "relaxed", "name": "gpu"}])"));
    auto h = libxl("name = \"h\"\ntype = \"hvm\"\npci_permissive = 1\npci_seize = \"x\"\npci = [\"1:0x2.3\"]\n");
    EXPECT_EQ(h["pcidevs"], json::parse(R"([{"func": 3, "dev": 2, "bus": 1, "vfunc_mask": 1, "permissive": true}])"));
    EXPECT_EQ(diags("name = \"h\"\ntype = \"hvm\"\npci_seize = \"x\"\n"),
              std::vector<std::string>{"3:13: warning: \"pci_seize\" = \"x\" is not a valid number; xl ignores it"});
}

TEST(Devices, EachVfbBringsAKeyboard) {
    auto j = libxl(config("vfb", "vnc=1,vnclisten=0.0.0.0,vncdisplay=3\", \"sdl=1,bare,vnc=1\", \"foo=1,"
                                 "keymap=de") +
                   "vkb = [\"backend-type=qemu,multi-touch-width=10,width=0x300\"]\n");
    EXPECT_EQ(j["vfbs"], json::parse(R"([
        {"devid": 0, "vnc": {"enable": "True", "listen": "0.0.0.0", "display": 3}, "sdl": {}},
        {"devid": 1, "vnc": {}, "sdl": {"enable": "True"}},
        {"devid": 2, "vnc": {}, "sdl": {}, "keymap": "de"}])"));
    EXPECT_EQ(j["vkbs"], json::parse(R"([{"devid": 0}, {"devid": 1}, {"devid": 2},
        {"devid": 3, "backend_type": "qemu", "feature_multi_touch": true, "width": 768, "multi_touch_width": 10}])"));
}

TEST(Devices, VtpmsAsXlReadsThem) {
    // A piece without '=' ends the item (the bad UUID after it is never read); the nil UUID is
    // libxl's default and not printed; UUIDs print in lowercase.
    auto j =
        libxl(config("vtpm", "backend=dom0,uuid=DEADBEEF-0000-4000-8000-00000000CAFE\", \" backend=z,bare,uuid=q\", "
                             "\"uuid=00000000-0000-0000-0000-000000000000,backend="));
    EXPECT_EQ(j["vtpms"], json::parse(R"([
        {"backend_domname": "dom0", "devid": 0, "uuid": "deadbeef-0000-4000-8000-00000000cafe"},
        {"backend_domname": "z", "devid": 1}, {"backend_domname": "", "devid": 2}])"));
}

TEST(Devices, ChannelsAsXlReadsThem) {
    // Both halves of a piece are trimmed; strtok_r reads "a=b=c" as a/b and "path==/x" as path//x.
    auto j = libxl(config("channel", "name = org.qemu.guest_agent.0 ,connection= socket,path=/s=t\", "
                                     "\"connection=pty,backend=dom0,path==/x"));
    EXPECT_EQ(j["channels"], json::parse(R"([
        {"devid": 0, "name": "org.qemu.guest_agent.0", "connection.socket": {"path": "/s"}},
        {"backend_domname": "dom0", "devid": 1, "connection.pty": {}}])"));
    EXPECT_EQ(item_diags("channel", "connection=pty,devid=3"),
              std::vector<std::string>{"4:12: warning: channel[0]: unknown channel parameter 'devid', ignoring"});
}

TEST(Devices, P9sCarryTheItemBefore) {
    // xl keeps each value in a variable that outlives the item: a later item takes what it does
    // not set, and a bare piece ends the item (tag=c is never read).
    auto j = libxl(config("p9", "tag=a,path=/p,security_model=none,backend=d1\", \"tag=b\", \"bare,tag=c\", "
                                "\"path=,  tag=x=y"));
    EXPECT_EQ(j["p9s"], json::parse(R"([
        {"backend_domname": "d1", "tag": "a", "path": "/p", "security_model": "none"},
        {"backend_domname": "d1", "tag": "b", "path": "/p", "security_model": "none"},
        {"backend_domname": "d1", "tag": "b", "path": "/p", "security_model": "none"},
        {"backend_domname": "d1", "tag": "x=y", "path": "", "security_model": "none"}])"));
    EXPECT_EQ(item_diags("p9", "tag=a,path=/p,security_model=none\", \"backend=x,foo=1"),
              std::vector<std::string>{"4:44: error: p9[1]: Unknown string `foo' in 9pfs spec `backend=x,foo=1'"});
}

TEST(Devices, PvcallsAsXlReadsThem) {
    // Only backend= (the last one wins); a bare piece ends the item; an empty item is a device.
    auto j = libxl(config("pvcalls", "backend=a,backend=b\", \"\", \"bare,foo=1"));
    EXPECT_EQ(j["pvcallsifs"], json::parse(R"([{"backend_domname": "b", "devid": 0}, {"devid": 1}, {"devid": 2}])"));
}

TEST(Devices, VdisplsAsXlReadsThem) {
    // be-alloc is a bool (any non-zero number); a connector is cut at ':' and the list at ';' as
    // strtok_r does (a third ':' piece and an empty connector are skipped); sscanf's %u takes -1
    // and ignores what follows the height.
    auto j = libxl(config(
        "vdispl", "backend=dom0,be-alloc=1,connectors=id0:1920x1080;id1:800x600\", "
                  "\"connectors=a:1x2:3x4;;b::5x6x7,be-alloc=0x100\", \"connectors=x:1x1,connectors=a:-1x 2junk"));
    EXPECT_EQ(j["vdispls"], json::parse(R"([
        {"backend_domname": "dom0", "devid": 0, "be_alloc": true, "connectors": [
            {"unique_id": "id0", "width": 1920, "height": 1080}, {"unique_id": "id1", "width": 800, "height": 600}]},
        {"devid": 1, "be_alloc": true, "connectors": [
            {"unique_id": "a", "width": 1, "height": 2}, {"unique_id": "b", "width": 5, "height": 6}]},
        {"devid": 2, "connectors": [{"unique_id": "a", "width": 4294967295, "height": 2}]}])"));
}

TEST(Devices, VsndCardsAsXlReadsThem) {
    // A "pcm" item adds a PCM, a "stream" item a stream to the last PCM (one is added if there is
    // none); every params object is printed, empty arrays are not; an empty item sets nothing.
    auto j = libxl("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nvsnd = [[\"card, backend=dom0, short-name=S, "
                   "long-name=L, sample-rates=8000;0x10, sample-formats=s16_le;U8, channels-min=1, channels-max=2, "
                   "buffer-size=65536\", \"pcm, name=p0, channels-max=4\", \"stream, unique-id=s0, type=P\", "
                   "\"STREAM, type=c, sample-rates=44100;;-1\"], [\"stream\", \"\"], []]\n");
    EXPECT_EQ(j["vsnds"], json::parse(R"([
        {"backend_domname": "dom0", "devid": 0, "short_name": "S", "long_name": "L",
         "params": {"sample_rates": [8000, 16], "sample_formats": ["s16_le", "u8"], "channels_min": 1,
                    "channels_max": 2, "buffer_size": 65536},
         "pcms": [{"name": "p0", "params": {"channels_max": 4}, "streams": [
             {"unique_id": "s0", "type": "p", "params": {}},
             {"type": "c", "params": {"sample_rates": [44100, 4294967295]}}]}]},
        {"devid": 1, "params": {}, "pcms": [{"params": {}, "streams": [{"params": {}}]}]},
        {"devid": 2, "params": {}}])"));
}

TEST(Devices, UsbAsXlReadsIt) {
    // Numbers as atoi/strtoul read them, cut to libxl's field (hostbus 300 is 44 in a uint8); the
    // host device's bus and address are printed only with type=hostdev; controller -1 is "libxl
    // picks" and not printed; no controller is added for a usbdev (libxl does that at creation).
    auto j =
        libxl(config("usbctrl", "type=QUSB,version=2,ports= 4x\", \"\", \"type=devicemodel,version=99999999999") +
              "usbdev = [\"type=hostdev,hostbus=300,hostaddr=-1,controller=2,port=3\", \"hostbus=1,controller=-1\", "
              "\"type=HOSTDEV,hostbus=0x10,hostaddr=010\"]\n");
    EXPECT_EQ(j["usbctrls"], json::parse(R"([{"type": "qusb", "devid": 0, "version": 2, "ports": 4}, {"devid": 1},
        {"type": "devicemodel", "devid": 2, "version": 1215752191}])"));
    EXPECT_EQ(j["usbdevs"], json::parse(R"([{"ctrl": 2, "port": 3, "type.hostdev": {"hostbus": 44, "hostaddr": 255}},
        {}, {"type.hostdev": {"hostbus": 16, "hostaddr": 8}}])"));
}

TEST(Devices, ListShapesXlIgnoresOrRefuses) {
    EXPECT_EQ(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\ndisk = \"/a,raw,xvda\"\n"),
              std::vector<std::string>{"4:8: warning: \"disk\" is a single value but should be a list; xl ignores it "
                                       "(write disk = [\"...\"])"});
    EXPECT_EQ(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\ndisk = [\"/a,raw,xvda\", [\"/b\"]]\n"),
              std::vector<std::string>{"4:24: error: disk[1] is a list, not a device string"});
    // A vsnd card is a list: xl fails on a string card and stops reading a card at a list item.
    EXPECT_EQ(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nvsnd = [\"card\"]\n"),
              std::vector<std::string>{"4:9: error: vsnd[0]: Failed to get vsnd card list: \"card\" is a string, but a "
                                       "card is a list (vsnd = [[\"card, ...\", \"pcm, ...\", \"stream, ...\"]])"});
    EXPECT_EQ(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nvsnd = [[\"card\", [\"pcm\"]]]\n"),
              std::vector<std::string>{"4:18: error: vsnd[0][1] is a list, not a card item string"});
    EXPECT_EQ(diags("name = \"g\"\ntype = \"pvh\"\nkernel = \"/k\"\nvsnd = \"card\"\n"),
              std::vector<std::string>{"4:8: warning: \"vsnd\" is a single value but should be a list of cards; xl "
                                       "ignores it (write vsnd = [[\"card, ...\", \"pcm, ...\", \"stream, ...\"]])"});
    // Only the first bad item is reported: xl stops there.
    EXPECT_EQ(item_diags("vif", "bogus\", \"type=x").size(), 1U);
}
