#include "image_flags.hpp"

#include "app.hpp"

#include <ferry/core/error.hpp>

#include <algorithm>

namespace ferry::cli {
namespace {

struct Flag {
  const char* name;
  const char* help;
  bool is_bool;
  FlagGroup group;  // the smallest group that has it
  const char* owner;  // the transport that consumes it ("" = any)
};

// Context keys are the flag names without the prefix (docs/plugin-abi.md).
const Flag kFlags[] = {
    {"authfile", "path of the authentication file", false, FlagGroup::docker, "docker"},
    {"creds", "use USERNAME[:PASSWORD] for accessing the registry", false, FlagGroup::docker, "docker"},
    {"username", "the username for accessing the registry", false, FlagGroup::docker, "docker"},
    {"password", "the password for accessing the registry", false, FlagGroup::docker, "docker"},
    {"registry-token", "provide a Bearer token for accessing the registry", false, FlagGroup::docker, "docker"},
    {"cert-dir", "use certificates at PATH (*.crt, *.cert, *.key) to connect to the registry or daemon", false, FlagGroup::docker, ""},
    {"tls-verify", "require HTTPS and verify certificates when talking to the registry or daemon", true, FlagGroup::docker, ""},
    {"no-creds", "access the registry anonymously", true, FlagGroup::docker, "docker"},
    {"shared-blob-dir", "DIRECTORY to use to share blobs across OCI repositories", false, FlagGroup::image, "oci"},
    {"daemon-host", "use docker daemon host at HOST (docker-daemon: only)", false, FlagGroup::image, "docker-daemon"},
    {"compress", "Compress tarball image layers when saving to directory using the 'dir' transport", true, FlagGroup::destination, "dir"},
    {"decompress", "Decompress tarball image layers when saving to directory using the 'dir' transport", true, FlagGroup::destination, "dir"},
    {"oci-accept-uncompressed-layers", "Allow uncompressed image layers when saving to an OCI image using the 'oci' transport", true, FlagGroup::destination, "oci"},
    {"compress-format", "FORMAT to use for the compression (gzip, zstd)", false, FlagGroup::destination, ""},
    {"compress-level", "LEVEL to use for the compression", false, FlagGroup::destination, ""},
    {"precompute-digests", "Precompute digests to prevent uploading layers already on the registry", true, FlagGroup::destination, "docker"},
};

bool in_group(FlagGroup flag, FlagGroup group) { return static_cast<int>(flag) <= static_cast<int>(group); }

}  // namespace

void add_image_flags(cxxopts::Options& opts, const std::string& prefix, FlagGroup group) {
  auto add = opts.add_options();
  for (const auto& f : kFlags) {
    if (!in_group(f.group, group)) continue;
    if (std::string(f.name) == "authfile" && prefix.empty()) continue;  // the shared --authfile
    std::string name = prefix + f.name;
    if (f.is_bool)
      add(name, f.help, cxxopts::value<bool>()->implicit_value("true"));
    else
      add(name, f.help, cxxopts::value<std::string>());
  }
}

void add_shared_flags(cxxopts::Options& opts) {
  opts.add_options()("authfile", "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json",
                     cxxopts::value<std::string>());
}

void add_retry_flags(cxxopts::Options& opts) {
  opts.add_options()("retry-times", "the number of times to possibly retry",
                     cxxopts::value<unsigned>()->default_value("0"))(
      "retry-delay", "Fixed delay between retries (e.g. 2s); default is exponential back-off",
      cxxopts::value<std::string>());
}

void apply_image_flags(const cxxopts::ParseResult& r, const std::string& prefix, FlagGroup group,
                       const std::string& transport, const std::vector<std::string>& installed,
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

  for (const auto& f : kFlags) {
    if (!in_group(f.group, group)) continue;
    std::string name = prefix + f.name;
    if (!r.count(name)) continue;
    std::string value = f.is_bool ? (r[name].as<bool>() ? "true" : "false") : r[name].as<std::string>();
    // A flag for a transport this copy does not use is ignored, as skopeo
    // does; a flag for a transport that is not installed at all is refused.
    if (*f.owner && transport != f.owner) {
      if (std::find(installed.begin(), installed.end(), f.owner) == installed.end())
        throw UsageError("--" + name + " applies to the " + f.owner +
                         ": transport, which is not installed in this ferry");
      continue;
    }
    ctx.options[f.name] = value;
  }
  // The shared --authfile applies where no --src-/--dest-authfile was given.
  if (!prefix.empty() && !ctx.options.count("authfile") && r.count("authfile") &&
      (transport == "docker" || transport.empty()))
    ctx.options["authfile"] = r["authfile"].as<std::string>();
  if (given("creds")) ctx.creds = r[prefix + "creds"].as<std::string>();
  if (given("username")) ctx.creds = r[prefix + "username"].as<std::string>() + ":" +
                                     r[prefix + "password"].as<std::string>();
}

}  // namespace ferry::cli
