#include "copy_flags.hpp"

#include "app.hpp"
#include "command_line.hpp"
#include "declared_flags.hpp"
#include "signing/signers.hpp"

#include <ferry/core/error.hpp>
#include <ferry/media_types.hpp>

namespace ferry::cli {
namespace {

std::string manifest_type_for_format(const std::string& f) {
  if (f == "oci") return std::string(media::oci_manifest);  // a manifest format, not a transport
  if (f == "v2s2") return std::string(media::docker_v2s2);
  if (f == "v2s1") return std::string(media::docker_v2s1_signed);
  throw UsageError("unknown format \"" + f +
                   "\". Choose one of the supported formats: 'oci', 'v2s1', or 'v2s2'");
}

}  // namespace

void add_shared_copy_flags(cxxopts::Options& opts, SharedFlagsFor command) {
  const bool sync = command == SharedFlagsFor::sync;
  opts.add_options()("remove-signatures", sync ? "Do not copy signatures from SOURCE images"
                                               : "Do not copy signatures from SOURCE-IMAGE")(
      "sign-by", "Sign the image using a GPG key with the specified `FINGERPRINT`",
      cxxopts::value<std::string>())("sign-by-sigstore",
                                     "Sign the image using a sigstore parameter file at `PATH`",
                                     cxxopts::value<std::string>())(
      "sign-by-sigstore-private-key", "Sign the image using a sigstore private key at `PATH`",
      cxxopts::value<std::string>())("sign-passphrase-file",
                                     sync ? "File that contains a passphrase for the --sign-by key"
                                          : "Read a passphrase for signing an image from `PATH`",
                                     cxxopts::value<std::string>())(
      "f,format",
      std::string("MANIFEST TYPE (oci, v2s1, or v2s2) to use ") +
          (sync ? "when syncing image(s) to a destination" : "in the destination") +
          " (default is manifest type of source, with fallbacks)",
      cxxopts::value<std::string>())("preserve-digests", "Preserve digests of images and lists");
  opts.add_options(hidden_flags)("screds", "", cxxopts::value<std::string>())("dcreds", "",
                                                                              cxxopts::value<std::string>());
}

void apply_shared_copy_flags(const cxxopts::ParseResult& f, CopyOptions& o) {
  o.signers = signers_from_flags(f);
  if (f.count("sign-identity")) o.sign_identity = checked_sign_identity(f["sign-identity"].as<std::string>());
  if (f.count("format")) o.manifest_type = manifest_type_for_format(f["format"].as<std::string>());
  o.preserve_digests = flag_on(f, "preserve-digests");
  o.remove_signatures = flag_on(f, "remove-signatures");
}

void rewrite_creds_aliases(std::vector<std::string>& args) {
  for (auto& a : args) {
    if (a == "--screds" || a.rfind("--screds=", 0) == 0)
      a.replace(0, 8, "--src-creds");
    else if (a == "--dcreds" || a.rfind("--dcreds=", 0) == 0)
      a.replace(0, 8, "--dest-creds");
  }
}

}  // namespace ferry::cli
