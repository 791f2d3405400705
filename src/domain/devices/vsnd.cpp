// `vsnd`: xl 4.17's parse_vsnd_item. A card is a list of items; each item is cut at ',' (strtok,
// leading spaces dropped), its first piece says what it is (`card`, `pcm` or `stream`, any case)
// and the others set that thing's parameters, matched as "key=" at their start: a card's
// backend=, short-name=, long-name=, a PCM's name=, a stream's unique-id= and type=, and on all
// three the stream parameters sample-rates= sample-formats= channels-min= channels-max=
// buffer-size= (lists cut at ';', numbers read by strtoul and cut to 32 bits).
#include <strings.h>

#include <array>

#include <fmt/format.h>

#include "domain/devices/devices.hpp"
#include "domain/devices/tokens.hpp"

namespace domfw::domain {

namespace {

using detail::match_option;

// libxl_vsnd_pcm_format's names (libxl_types.idl 4.17), as libxl prints them.
constexpr auto kPcmFormats = std::to_array<std::string_view>({"s8",
                                                              "u8",
                                                              "s16_le",
                                                              "s16_be",
                                                              "u16_le",
                                                              "u16_be",
                                                              "s24_le",
                                                              "s24_be",
                                                              "u24_le",
                                                              "u24_be",
                                                              "s32_le",
                                                              "s32_be",
                                                              "u32_le",
                                                              "u32_be",
                                                              "f32_le",
                                                              "f32_be",
                                                              "f64_le",
                                                              "f64_be",
                                                              "iec958_subframe_le",
                                                              "iec958_subframe_be",
                                                              "mu_law",
                                                              "a_law",
                                                              "ima_adpcm",
                                                              "mpeg",
                                                              "gsm"});

// parse_vsnd_params: true if the piece is one of the stream parameters.
Expected<bool> vsnd_params(VsndParams& params, const std::string& piece) {
    std::string val;
    if (match_option("sample-rates", piece, val)) {
        auto rates = detail::strtok_all(val, ';');
        // xl 4.17 copies the NULL token of an empty list and crashes; domfw says so.
        if (rates.empty()) return fail("sample-rates= names no rate (give sample-rates=RATE;RATE...)");
        params.sample_rates.clear();
        for (auto r : rates)
            params.sample_rates.push_back(static_cast<std::uint32_t>(detail::xl_strtoul(std::string(r))));
    } else if (match_option("sample-formats", piece, val)) {
        auto formats = detail::strtok_all(val, ';');
        if (formats.empty()) return fail("sample-formats= names no format (give sample-formats=FORMAT;FORMAT...)");
        params.sample_formats.clear();
        for (auto f : formats) {
            const std::string_view* known = nullptr;
            for (const auto& name : kPcmFormats)
                if (f.size() == name.size() && strncasecmp(f.data(), name.data(), name.size()) == 0) known = &name;
            if (known == nullptr)
                return fail("Invalid pcm format: \"{}\" (expected s8, u8, s16_le, s16_be, ... f64_be, mu_law, a_law, "
                            "ima_adpcm, mpeg or gsm)",
                            f);
            params.sample_formats.emplace_back(*known);
        }
    } else if (match_option("channels-min", piece, val)) {
        params.channels_min = static_cast<std::uint32_t>(detail::xl_strtoul(val));
    } else if (match_option("channels-max", piece, val)) {
        params.channels_max = static_cast<std::uint32_t>(detail::xl_strtoul(val));
    } else if (match_option("buffer-size", piece, val)) {
        params.buffer_size = static_cast<std::uint32_t>(detail::xl_strtoul(val));
    } else {
        return false;
    }
    return true;
}

constexpr std::string_view kStreamParams = "sample-rates= sample-formats= channels-min= channels-max= buffer-size=";

} // namespace

// xl's words, with the value quoted: a key or format with a blank in it ("card ,x") is shown.
Expected<void> parse_vsnd_item(Vsnd& card, std::string_view item) {
    auto with_item = [&](const Error& e) {
        return Unexpected(Error{fmt::format("{} in vsnd item `{}'", e.message, item)});
    };
    auto pieces = detail::pieces(item);
    if (pieces.empty()) return {}; // an empty item sets nothing, as in xl
    const std::string& key = pieces.front();
    enum class What : std::uint8_t { a_card, a_pcm, a_stream } what{};
    if (strcasecmp(key.c_str(), "card") == 0) {
        what = What::a_card;
    } else if (strcasecmp(key.c_str(), "pcm") == 0) {
        what = What::a_pcm;
        card.pcms.emplace_back();
    } else if (strcasecmp(key.c_str(), "stream") == 0) {
        what = What::a_stream;
        if (card.pcms.empty()) card.pcms.emplace_back();
        card.pcms.back().streams.emplace_back();
    } else {
        return with_item(Error{fmt::format("Invalid key: \"{}\" (expected card, pcm or stream first)", key)});
    }
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        const std::string& p = pieces[i];
        std::string val;
        VsndParams& params = what == What::a_card  ? card.params
                             : what == What::a_pcm ? card.pcms.back().params
                                                   : card.pcms.back().streams.back().params;
        auto matched = vsnd_params(params, p);
        if (!matched) return with_item(matched.error());
        if (*matched) continue;
        if (what == What::a_card && match_option("backend", p, val)) {
            card.backend_domname = val;
        } else if (what == What::a_card && match_option("short-name", p, val)) {
            card.short_name = val;
        } else if (what == What::a_card && match_option("long-name", p, val)) {
            card.long_name = val;
        } else if (what == What::a_pcm && match_option("name", p, val)) {
            card.pcms.back().name = val;
        } else if (what == What::a_stream && match_option("unique-id", p, val)) {
            card.pcms.back().streams.back().unique_id = val;
        } else if (what == What::a_stream && match_option("type", p, val)) {
            // libxl_vsnd_stream_type_from_string: "p" or "c" in any case.
            auto& type = card.pcms.back().streams.back().type;
            if (strcasecmp(val.c_str(), "p") == 0)
                type = VsndStreamType::p;
            else if (strcasecmp(val.c_str(), "c") == 0)
                type = VsndStreamType::c;
            else
                return with_item(Error{fmt::format("Invalid stream type: \"{}\" (expected p or c)", val)});
        } else {
            auto takes = what == What::a_card  ? "a card takes backend= short-name= long-name="
                         : what == What::a_pcm ? "a pcm takes name="
                                               : "a stream takes unique-id= type=";
            return with_item(Error{fmt::format("Invalid parameter: \"{}\" ({} {})", p, takes, kStreamParams)});
        }
    }
    return {};
}

std::string_view libxl_name(VsndStreamType t) {
    switch (t) {
    case VsndStreamType::unset: return "";
    case VsndStreamType::p: return "p";
    case VsndStreamType::c: return "c";
    }
    return "";
}

} // namespace domfw::domain
