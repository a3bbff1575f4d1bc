// The transport flags of a command, generated from the options the installed
// transports declare (ferry_option): --src-NAME and --dest-NAME for copy,
// --NAME for inspect, delete and list-tags. A value reaches only a transport
// that declares the option; a flag of another transport is ignored, as skopeo
// ignores it.
#pragma once

#include <ferry/core/host_objects.hpp>
#include <ferry/core/transport.hpp>

#include "cxxopts_once.hpp"

#include <map>
#include <string>
#include <vector>

namespace ferry::cli {

// Installed transport -> the options it declares (PluginHost::declared_options).
using DeclaredOptions = std::map<std::string, std::vector<OptionSpec>>;

// Adds prefix + NAME for every option whose scope has `scope` (one flag per
// name when several transports declare it). With FERRY_OPTION_SHARED in
// `scope`, adds the unprefixed flags of shared options instead.
void add_transport_flags(cxxopts::Options& opts, const DeclaredOptions& declared, const std::string& prefix,
                         uint32_t scope);

// The retry group.
void add_retry_flags(cxxopts::Options& opts);

// Fills ctx.options with the values given for the options `transport`
// declares in `scope` (a shared option falls back to its unprefixed flag), and
// ctx.creds from --creds or --username/--password. Validates combinations the
// way skopeo does (creds with no-creds, username without password, ...).
void apply_transport_flags(const cxxopts::ParseResult& r, const DeclaredOptions& declared,
                           const std::string& prefix, uint32_t scope, const Transport& transport,
                           ferry_context& ctx);

}  // namespace ferry::cli
