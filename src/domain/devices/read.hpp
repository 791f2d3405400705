// Reading the device lists of a parsed xl.cfg into DomainConfig::devices, and writing them as
// libxl_domain_config's device arrays (`domfw show --libxl-json`).
#pragma once

#include <nlohmann/json.hpp>

#include "cfg/document.hpp"
#include "domain/domain_config.hpp"
#include "support/diagnostic.hpp"

namespace domfw::domain {

// After the guest type is known (the PCI devices' RDM policy follows it).
void read_devices(const cfg::Document& doc, support::Diagnostics& diags, DomainConfig& c);

// Adds the device arrays ("disks", "nics", ... "usbdevs"; those not empty) in libxl's order.
void add_devices_libxl_json(nlohmann::ordered_json& root, const Devices& d);

} // namespace domfw::domain
