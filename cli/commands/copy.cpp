// ferry copy SOURCE-IMAGE DESTINATION-IMAGE
#include "../command_line.hpp"
#include "../copy_flags.hpp"
#include "../go_duration.hpp"
#include "../image_flags.hpp"
#include "../source_policy.hpp"
#include "progress/progress_view.hpp"

#include <ferry/compression/compression.hpp>
#include <ferry/core/copy_image.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/source_hints.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

namespace ferry::cli {
namespace {

MultiArch multi_arch_from(const std::string& s) {
  if (s == "system") return MultiArch::system;
  if (s == "all") return MultiArch::all;
  if (s == "index-only") return MultiArch::index_only;
  throw UsageError("unknown multi-arch option \"" + s +
                   "\". Choose one of the supported options: "
                   "'system', 'all', or 'index-only'");
}

// --progress and --progress-interval; null when nothing is to be shown.
std::unique_ptr<ProgressView> progress_view(const cxxopts::ParseResult& f) {
  const std::string value = f["progress"].as<std::string>();
  const std::optional<ProgressMode> mode = progress_mode(value, flag_on(f, "quiet"), STDOUT_FILENO);
  if (!mode)
    throw UsageError("invalid argument \"" + value +
                     "\" for \"--progress\" flag: must be auto, bars, lines, json or none");
  std::chrono::milliseconds every =
      *mode == ProgressMode::json ? std::chrono::seconds(1) : std::chrono::seconds(5);
  if (f.count("progress-interval"))
    every = std::max(std::chrono::milliseconds(10),
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         parse_go_duration(f["progress-interval"].as<std::string>())));
  return make_progress_view(*mode, std::cout, STDOUT_FILENO, every);
}

cxxopts::Options copy_flags(const DeclaredOptions& declared) {
  cxxopts::Options o(program_name() + " copy", "Copy an IMAGE-NAME from one location to another");
  add_transport_flags(o, declared, "", FERRY_OPTION_SHARED);
  add_transport_flags(o, declared, "src-", FERRY_OPTION_SOURCE);
  add_transport_flags(o, declared, "dest-", FERRY_OPTION_DESTINATION);
  add_retry_flags(o);
  o.add_options()("dest-compress-format", "`FORMAT` to use for the compression",
                  cxxopts::value<std::string>())("dest-compress-level", "`LEVEL` to use for the compression",
                                                 cxxopts::value<int64_t>(), "int");
  add_shared_copy_flags(o, SharedFlagsFor::copy);
  o.add_options()("additional-tag", "additional tags (for destinations that store tags)",
                  cxxopts::value<std::vector<std::string>>())(
      "q,quiet", "Suppress output information when copying images")(
      "a,all", "Copy all images if SOURCE-IMAGE is a list")(
      "multi-arch", "How to handle multi-architecture images (system, all, or index-only)",
      cxxopts::value<std::string>())(
      "sign-identity",
      "Identity of signed image, must be a fully specified docker reference. Defaults to the target docker "
      "reference.",
      cxxopts::value<std::string>())("digestfile",
                                     "Write the digest of the pushed image to the specified file",
                                     cxxopts::value<std::string>())(
      "encryption-key",
      "*Experimental* key with the encryption protocol to use needed to encrypt the image (e.g. "
      "jwe:/path/to/key.pem)",
      cxxopts::value<std::vector<std::string>>())(
      "encrypt-layer",
      "*Experimental* the 0-indexed layer indices, with support for negative indexing (e.g. 0 is the first "
      "layer, -1 is the last layer)",
      cxxopts::value<std::vector<int>>(),
      "ints")("decryption-key", "*Experimental* key needed to decrypt the image",
              cxxopts::value<std::vector<std::string>>())(
      "image-parallel-copies", "Maximum number of image layers to be copied (pulled/pushed) simultaneously",
      cxxopts::value<unsigned>()->default_value("6"), "uint");
  o.add_options()(
      "progress",
      "how to show progress: `MODE` auto (bars on a terminal, lines otherwise), bars, lines, json "
      "or none",
      cxxopts::value<std::string>()->default_value("auto"))(
      "progress-interval",
      "how often lines and json repeat a blob's progress (default 5s for lines, 1s for json)",
      cxxopts::value<std::string>(), "duration");
  return o;
}

// The copy the flags ask for, reporting to `progress` (may be null).
CopyResult copy_with_flags(App& app, const DeclaredOptions& declared, const ParsedCommand& parsed,
                           CopyProgress* progress) {
  const auto& f = parsed.flags;
  CopyOptions o;
  apply_shared_copy_flags(f, o);
  for (const char* unsupported : {"encryption-key", "encrypt-layer", "decryption-key"})
    if (f.count(unsupported))
      fail(FERRY_E_NOT_SUPPORTED,
           std::string("--") + unsupported + ": image encryption is not supported by this ferry");
  if (flag_on(f, "all") && f.count("multi-arch"))
    throw UsageError("Cannot use --all and --multi-arch flags together");

  auto parse_named = [&](const std::string& name, const char* role) {
    try {
      return app.parse_image_name(name);
    } catch (const Error& e) {
      throw Error(e.code(), std::string("Invalid ") + role + " name " + name + ": " + e.what());
    }
  };
  ImageReference src = parse_named(parsed.positional[0], "source");
  ImageReference dst = parse_named(parsed.positional[1], "destination");
  ferry_context src_ctx, dst_ctx;
  app.prepare_context(src_ctx);
  app.prepare_context(dst_ctx);
  apply_transport_flags(f, declared, "src-", FERRY_OPTION_SOURCE, src.transport(), src_ctx);
  apply_transport_flags(f, declared, "dest-", FERRY_OPTION_DESTINATION, dst.transport(), dst_ctx);
  if (f.count("additional-tag")) {
    std::string tags;
    for (const auto& t : f["additional-tag"].as<std::vector<std::string>>())
      tags += (tags.empty() ? "" : ",") + t;
    dst_ctx.options["additional-tag"] = tags;
  }

  add_source_hints(src, dst, dst_ctx);

  if (flag_on(f, "all")) o.multi_arch = MultiArch::all;
  if (f.count("multi-arch")) o.multi_arch = multi_arch_from(f["multi-arch"].as<std::string>());
  o.platform = app.platform();
  if (f.count("dest-compress-format"))
    o.compress_format = compression_from_name(f["dest-compress-format"].as<std::string>());
  if (f.count("dest-compress-level"))  // a Go int; beyond an int no compressor has such a level anyway
    o.compress_level = static_cast<int>(std::clamp<int64_t>(f["dest-compress-level"].as<int64_t>(),
                                                            std::numeric_limits<int>::min(),
                                                            std::numeric_limits<int>::max()));
  o.parallel = std::max(1u, f["image-parallel-copies"].as<unsigned>());
  o.progress = progress;

  const Policy policy = app.policy();
  apply_source_policy(policy, src, o);

  CopyResult result;
  with_retries(f, [&] {
    ImageSource source(src, src_ctx);
    ImageDestination dest(dst, dst_ctx);
    result = copy_image(source, dest, o);
  });
  return result;
}

int run_copy(App& app, const std::string& command, std::vector<std::string> args) {
  const DeclaredOptions declared = app.plugins().declared_options();
  auto opts = copy_flags(declared);
  rewrite_creds_aliases(args);
  auto parsed = parse_command(app, command, opts, args, 2, "Exactly two arguments expected");
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  const std::unique_ptr<ProgressView> progress = progress_view(f);

  CopyResult result;
  try {
    result = copy_with_flags(app, declared, *parsed, progress.get());
  } catch (const std::exception& e) {
    if (progress) progress->failed(e.what());  // a bad name or policy too, not only the copy
    throw;
  }
  if (progress) progress->image_done(result);
  if (f.count("digestfile")) {
    std::ofstream out(f["digestfile"].as<std::string>(), std::ios::trunc);
    out << result.digest.str();
    if (!out) fail(FERRY_E_IO, "cannot write the digest file " + f["digestfile"].as<std::string>());
  }
  return 0;
}

}  // namespace

CommandFn copy_command() { return &run_copy; }

}  // namespace ferry::cli
