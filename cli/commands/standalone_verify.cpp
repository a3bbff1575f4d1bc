// ferry standalone-verify MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT SIGNATURE
//
// Checks one simple signature as skopeo does: made by exactly the key with
// that fingerprint (from the user's keyring, or from --public-key-file, where
// the fingerprint may be "any" key of the file), of exactly this manifest,
// naming exactly this reference.
#include "../command_line.hpp"
#include "../signing/local_file.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/signature/gpg.hpp>
#include <ferry/signature/payload.hpp>

#include <algorithm>
#include <iostream>

namespace ferry::cli {
namespace {

[[noreturn]] void not_verified(const std::string& why) {
  fail(FERRY_E_UNAUTHORIZED, "Error verifying signature: " + why);
}

std::string normalized(const std::string& text) {
  return DockerReference::parse(text, {.allow_tag_and_digest = true}).str();
}

int run_standalone_verify(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " standalone-verify", "Verify a signature using local files");
  o.add_options()(
      "public-key-file",
      "trust the public keys in FILE instead of the user's keyring (KEY-FINGERPRINT may then be \"any\")",
      cxxopts::value<std::string>());
  auto parsed = parse_command(
      app, command, o, args, 4,
      "Usage: " + program_name() + " standalone-verify manifest docker-reference key-fingerprint signature");
  if (!parsed) return 0;
  const auto& pos = parsed->positional;
  const std::string& expected_reference = pos[1];
  const std::string& expected_fingerprint = pos[2];
  std::string expected_ref_normalized;
  try {
    expected_ref_normalized = normalized(expected_reference);
  } catch (const Error& e) {
    not_verified(e.what());
  }
  const std::string manifest = read_local_file(pos[0], "Error reading manifest from " + pos[0]);
  const std::string sig = read_local_file(pos[3], "Error reading signature from " + pos[3]);

  std::optional<signature::GpgKeyring> keyring;
  const bool from_file = parsed->flags.count("public-key-file") > 0;
  try {
    keyring = from_file
                  ? signature::GpgKeyring::with_keys({read_local_file(
                        parsed->flags["public-key-file"].as<std::string>(), "Error reading public keys")})
                  : signature::GpgKeyring::user();
  } catch (const Error& e) {
    fail(e.code(), std::string("Error initializing GPG: ") + e.what());
  }

  signature::GpgVerified v;
  try {
    v = keyring->verify(sig);
  } catch (const Error& e) {
    not_verified(e.what());
  }
  const auto& trusted = keyring->imported_fingerprints();
  const bool any_of_file = from_file && expected_fingerprint == "any";
  if (any_of_file ? std::find(trusted.begin(), trusted.end(), v.fingerprint) == trusted.end()
                  : v.fingerprint != expected_fingerprint)
    not_verified("Signature by " + v.fingerprint + " does not match expected fingerprint " +
                 expected_fingerprint);

  signature::Payload p;
  try {
    p = signature::read_payload(v.payload, signature::simple_signing_type);
  } catch (const Error& e) {
    not_verified(e.what());
  }
  std::optional<Digest> signed_digest;
  try {
    signed_digest = Digest::parse(p.manifest_digest);
  } catch (const Error&) {
  }
  // As containers/image: the manifest's sha256, whatever algorithm the payload names.
  if (!signed_digest || !(manifest_digest(manifest) == *signed_digest))
    not_verified("Signature for docker digest \"" + p.manifest_digest + "\" does not match");
  std::string signed_ref;
  try {
    signed_ref = normalized(p.docker_reference);
  } catch (const Error&) {
    not_verified("Invalid docker reference " + p.docker_reference + " in signature");
  }
  if (signed_ref != expected_ref_normalized)
    not_verified("Docker reference " + p.docker_reference + " does not match " + expected_reference);
  std::cout << "Signature verified, digest " << p.manifest_digest << "\n";
  return 0;
}

}  // namespace

CommandFn standalone_verify_command() { return &run_standalone_verify; }

}  // namespace ferry::cli
