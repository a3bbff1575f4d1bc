// ferry copy SOURCE-IMAGE DESTINATION-IMAGE
#include "../command_line.hpp"
#include "../copy_flags.hpp"
#include "../image_flags.hpp"
#include "../source_policy.hpp"

#include <ferry/compression/compression.hpp>
#include <ferry/core/copy_image.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/source_hints.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <iostream>

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
  return o;
}

int run_copy(App& app, const std::string& command, std::vector<std::string> args) {
  const DeclaredOptions declared = app.plugins().declared_options();
  auto opts = copy_flags(declared);
  rewrite_creds_aliases(args);
  auto parsed = parse_command(app, command, opts, args, 2, "Exactly two arguments expected");
  if (!parsed) return 0;
  const auto& f = parsed->flags;

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
  ImageReference src = parse_named(parsed->positional[0], "source");
  ImageReference dst = parse_named(parsed->positional[1], "destination");
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
  std::optional<LineProgress> lines;
  if (!flag_on(f, "quiet")) o.progress = &lines.emplace(std::cout);

  const Policy policy = app.policy();
  apply_source_policy(policy, src, o);

  CopyResult result;
  with_retries(f, [&] {
    ImageSource source(src, src_ctx);
    ImageDestination dest(dst, dst_ctx);
    result = copy_image(source, dest, o);
  });
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
