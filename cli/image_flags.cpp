#include "image_flags.hpp"

#include "app.hpp"
#include "declared_flags.hpp"
#include "go_duration.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>

#include <algorithm>

namespace ferry::cli {
namespace {

// One option per name across transports, in name order. Transports that
// declare the same name must agree on its type; the first one's words serve.
std::vector<OptionSpec> merged(const DeclaredOptions& declared, uint32_t scope) {
  std::map<std::string, OptionSpec> by_name;
  for (const auto& [transport, options] : declared) {
    for (const auto& o : options) {
      if (!(o.scope & scope)) continue;
      auto [it, fresh] = by_name.emplace(o.name, o);
      if (!fresh && it->second.type != o.type)
        log_message(LogLevel::warn, "transport \"" + transport + "\" declares option \"" + o.name +
                                        "\" with another type than an earlier transport; its flag "
                                        "keeps the first type");
    }
  }
  std::vector<OptionSpec> out;
  for (auto& [name, o] : by_name) out.push_back(std::move(o));
  return out;
}

// The option's value as the plugin reads it (plugin.h, "options").
std::string value_of(const cxxopts::ParseResult& r, const std::string& flag, const OptionSpec& o) {
  switch (o.type) {
    case FERRY_OPTION_BOOL:
      return r[flag].as<bool>() ? "true" : "false";
    case FERRY_OPTION_STRING_LIST: {
      std::string joined;
      for (const auto& item : r[flag].as<std::vector<std::string>>())
        joined += (joined.empty() ? "" : ",") + item;
      return joined;
    }
    case FERRY_OPTION_INT: {
      const std::string text = r[flag].as<std::string>();
      size_t used = 0;
      try {
        (void)std::stoll(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != text.size())
        throw UsageError("--" + flag + " must be a number, not \"" + text + "\"");
      return text;
    }
    case FERRY_OPTION_DURATION: {
      const std::string text = r[flag].as<std::string>();
      parse_go_duration(text);  // refuses what Go would refuse
      return text;
    }
    default:
      return r[flag].as<std::string>();
  }
}

}  // namespace

void add_transport_flags(cxxopts::Options& opts, const DeclaredOptions& declared, const std::string& prefix,
                         uint32_t scope) {
  auto add = opts.add_options();
  for (const auto& o : merged(declared, scope)) {
    const std::string name = prefix + o.name;
    // As pflag shows it: the value name where the text names it, otherwise the type.
    const std::string usage = with_value_name(o.help, o.value_name);
    switch (o.type) {
      case FERRY_OPTION_BOOL:
        add(name, o.help, cxxopts::value<bool>()->implicit_value("true"));
        break;
      case FERRY_OPTION_STRING_LIST:
        add(name, usage, cxxopts::value<std::vector<std::string>>(), "strings");
        break;
      case FERRY_OPTION_INT:
        add(name, usage, cxxopts::value<std::string>(), "int");
        break;
      case FERRY_OPTION_DURATION:
        add(name, usage, cxxopts::value<std::string>(), "duration");
        break;
      default:
        add(name, usage, cxxopts::value<std::string>(), "string");
    }
  }
}

void add_retry_flags(cxxopts::Options& opts) {
  opts.add_options()("retry-times", "the number of times to possibly retry",
                     cxxopts::value<int64_t>()->default_value("0"), "int")(
      "retry-delay", "Fixed delay between retries (e.g. 2s); default is exponential back-off",
      cxxopts::value<std::string>(), "duration");
}

void apply_transport_flags(const cxxopts::ParseResult& r, const DeclaredOptions& declared,
                           const std::string& prefix, uint32_t scope, const Transport& transport,
                           ferry_context& ctx) {
  auto given = [&](const std::string& n) { return r.count(prefix + n) > 0; };
  if (given("creds") && given("no-creds"))
    throw UsageError("creds and no-creds cannot be specified at the same time");
  if (given("username") && given("no-creds"))
    throw UsageError("username and no-creds cannot be specified at the same time");
  if (given("creds") && given("username"))
    throw UsageError("creds and username cannot be specified at the same time");
  if (given("username") != given("password"))
    throw UsageError(given("username") ? "password must be specified when username is specified"
                                       : "username must be specified when password is specified");
  if (given("creds") && r[prefix + "creds"].as<std::string>().rfind(':', 0) == 0)
    throw UsageError("--" + prefix + "creds: username must not be empty");
  if (given("decompress") && given("compress"))
    throw UsageError("--" + prefix + "compress and --" + prefix + "decompress cannot be used together");

  auto own = declared.find(transport.name());
  if (own == declared.end()) return;
  for (const auto& o : own->second) {
    if (!(o.scope & scope)) continue;
    const std::string flag = prefix + o.name;
    if (r.count(flag))
      ctx.options[o.name] = value_of(r, flag, o);
    else if ((o.scope & FERRY_OPTION_SHARED) && !prefix.empty() && r.count(o.name))
      ctx.options[o.name] = value_of(r, o.name, o);
  }
  // Credentials given on the command line serve the host's credential lookup.
  if (ctx.options.count("creds")) ctx.creds = ctx.options["creds"];
  if (ctx.options.count("username") && ctx.options.count("password"))
    ctx.creds = ctx.options["username"] + ":" + ctx.options["password"];
}

}  // namespace ferry::cli
