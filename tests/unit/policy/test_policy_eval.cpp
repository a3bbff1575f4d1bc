// Evaluation beyond the kit's matrix: BEHAVIOUR.md 3.2 (requirement lists are
// an AND; the early check), 4 (GPG refusals), 5.5 (sigstoreSigned), and the
// docker-named identities of 3.3, with the kit's real signatures and keys.
#include "fake_transport.hpp"
#include "policy_kinds.hpp"
#include "signing_kit.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>
#include <ferry/signature/blob.hpp>

#include <gtest/gtest.h>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

const std::string kDigest = "sha256:9de7f29e3a350d70150867ce512e24ad45213a1a882bddb1b25769af6a2320f8";
const std::string kOtherDigest = "sha256:f5893d6a6be168aaad9d7eed2362313ed5dddd89f1ef211d7ea86571e3200698";

std::string keys(const std::string& file) { return (test::kit() / "keys" / file).string(); }
fs::path vector(const std::string& name) { return test::kit() / "vectors" / name; }

std::string signed_by(const std::string& key_source, const std::string& identity = "",
                      const std::string& key_type = "GPGKeys") {
  return R"({"type":"signedBy","keyType":")" + key_type + R"(",)" + key_source +
         (identity.empty() ? "" : R"(,"signedIdentity":)" + identity) + "}";
}
std::string key_path(const std::string& file) { return R"("keyPath":")" + keys(file) + "\""; }
const std::string kExactApp = R"({"type":"exactReference","dockerReference":"registry.example/ns/app:1.0"})";

std::string sigstore_signed(const std::string& key_source, const std::string& identity = kExactApp) {
  return R"({"type":"sigstoreSigned",)" + key_source + R"(,"signedIdentity":)" + identity + "}";
}

Policy policy_of(const std::string& requirements) {
  return Policy::parse(R"({"default":[)" + requirements + "]}", "test.json", test::transport_kinds());
}

// "accept", or the message of the refusal.
std::string verdict(const Policy& p, const ImageReference& ref, const std::string& manifest,
                    const std::vector<std::string>& signatures) {
  try {
    p.check(ref);
    p.check_image(ref, manifest, signatures);
    return "accept";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_UNAUTHORIZED);
    return e.what();
  }
}

class Eval : public testing::Test {
 protected:
  // The vector as a dir: image (no docker name; its identity is its path).
  std::string on_dir(const Policy& p, const std::string& vector_name,
                     std::optional<std::vector<std::string>> signatures = std::nullopt,
                     std::optional<std::string> manifest = std::nullopt) {
    const fs::path layout = vector(vector_name);
    const auto ref = dir_.reference(layout.string(), std::nullopt, layout.string());
    return verdict(p, ref, manifest.value_or(test::read_file(layout / "manifest.json")),
                   signatures.value_or(test::dir_signatures(layout)));
  }
  // The vector's image and signatures as if pulled as docker://NAME.
  std::string on_docker(const Policy& p, const std::string& vector_name, const std::string& name) {
    const fs::path layout = vector(vector_name);
    const auto ref = docker_.reference("//" + name, name, name);
    return verdict(p, ref, test::read_file(layout / "manifest.json"), test::dir_signatures(layout));
  }
  std::string rejected(const std::string& why) { return "Source image rejected: " + why; }

  test::FakeTransport dir_{"dir", FERRY_TRANSPORT_POLICY_SCOPE_PATH};
  test::FakeTransport docker_{"docker", FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY};
};

TEST_F(Eval, RequirementsAreAllRequired) {
  const Policy p = policy_of(R"({"type":"insecureAcceptAnything"},{"type":"reject"})");
  EXPECT_EQ(on_dir(p, "simple-signed"),
            rejected("Running image dir:" + vector("simple-signed").string() + " is rejected by policy."));
  // Two signedBy requirements: the signature by the test key does not satisfy the other key's.
  const Policy both = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp) + "," +
                                signed_by(key_path("gpg-other-public.asc"), kExactApp));
  EXPECT_EQ(on_dir(both, "simple-signed").rfind(rejected("Invalid GPG signature: "), 0), 0u);
}

TEST_F(Eval, TheEarlyCheckRefusesOnlyWhatNeedsNoSignatures) {
  const fs::path layout = vector("unsigned");
  const auto ref = dir_.reference(layout.string(), std::nullopt, layout.string());
  const Policy gpg = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp));
  EXPECT_NO_THROW(gpg.check(ref));
  EXPECT_TRUE(gpg.needs_signatures(ref));
  const Policy accept = Policy::accept_anything();
  EXPECT_FALSE(accept.needs_signatures(ref));
  EXPECT_NO_THROW(accept.check(ref));
  const Policy reject_first = policy_of(R"({"type":"reject"},)" + signed_by(key_path("gpg-test-public.asc")));
  EXPECT_FALSE(reject_first.needs_signatures(ref));
  EXPECT_THROW(reject_first.check(ref), Error);
  // A signature requirement first: its refusal, not reject's, is the one skopeo reports.
  const Policy signed_first = policy_of(signed_by(key_path("gpg-test-public.asc")) + R"(,{"type":"reject"})");
  EXPECT_NO_THROW(signed_first.check(ref));
  EXPECT_EQ(on_dir(signed_first, "unsigned"), rejected("A signature was required, but no signature exists"));
}

TEST_F(Eval, SignedBaseLayerIsNotImplemented) {
  const Policy p = policy_of(R"({"type":"signedBaseLayer","baseLayerIdentity":{"type":"matchRepository"}})");
  EXPECT_EQ(on_dir(p, "simple-signed"), rejected("signedBaseLayer not implemented yet!"));
}

TEST_F(Eval, OnlyGpgKeysAreImplemented) {
  for (const char* type : {"signedByGPGKeys", "X509Certificates", "signedByX509CAs"}) {
    const Policy p = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp, type));
    EXPECT_EQ(on_dir(p, "simple-signed"),
              rejected("Unimplemented \"keyType\" value \"" + std::string(type) + "\""));
    EXPECT_EQ(on_dir(p, "unsigned"), rejected("A signature was required, but no signature exists"));
  }
}

TEST_F(Eval, KeyProblemsAreEachSignaturesReason) {
  EXPECT_EQ(on_dir(policy_of(signed_by(R"("keyPath":"/nonexistent.gpg")")), "simple-signed"),
            rejected("open /nonexistent.gpg: no such file or directory"));
  EXPECT_EQ(on_dir(policy_of(signed_by(key_path("README"))), "simple-signed"),
            rejected("No public keys imported"));
  // With two signatures, the reason twice.
  const auto sig = test::dir_signatures(vector("simple-signed"));
  EXPECT_EQ(
      on_dir(policy_of(signed_by(R"("keyPath":"/nonexistent.gpg")")), "simple-signed", {{sig[0], sig[0]}}),
      rejected("None of the signatures were accepted, reasons: open /nonexistent.gpg: no such file or "
               "directory; open /nonexistent.gpg: no such file or directory"));
}

TEST_F(Eval, OneAcceptedSignatureIsEnough) {
  const Policy p = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp));
  const auto good = test::dir_signatures(vector("simple-signed"))[0];
  const auto bad = test::dir_signatures(vector("simple-bad-signature"))[0];
  const auto other_digest = test::dir_signatures(vector("simple-other-digest"))[0];
  EXPECT_EQ(on_dir(p, "simple-signed", {{bad, good}}), "accept");
  const std::string none = on_dir(p, "simple-signed", {{bad, other_digest}});
  EXPECT_EQ(none.rfind(rejected("None of the signatures were accepted, reasons: Invalid GPG signature: "), 0),
            0u)
      << none;
  EXPECT_NE(none.find("; Signature for digest " + kOtherDigest + " does not match"), std::string::npos)
      << none;
}

TEST_F(Eval, TheDigestIsTheManifestsOwn) {
  const Policy p = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp));
  const std::string manifest = test::read_file(vector("simple-signed") / "manifest.json");
  EXPECT_EQ(on_dir(p, "simple-signed", std::nullopt, manifest + "\n"),
            rejected("Signature for digest " + kDigest + " does not match"));
}

TEST_F(Eval, AStoredSignatureOfNoKnownFormatFailsTheImage) {
  const Policy p = policy_of(signed_by(key_path("gpg-test-public.asc"), kExactApp));
  const auto good = test::dir_signatures(vector("simple-signed"))[0];
  const std::string armored = test::read_file(keys("gpg-test-public.asc"));
  EXPECT_EQ(on_dir(p, "simple-signed", {{armored, good}}),
            rejected("unrecognized signature format, starting with binary 0x2d"));
  // Requirements that read no signatures do not notice.
  EXPECT_EQ(on_dir(Policy::accept_anything(), "simple-signed", {{armored}}), "accept");
}

TEST_F(Eval, DockerNamesMeetTheIdentityKinds) {
  const std::string app = "registry.example/ns/app";
  const Policy by_default = policy_of(signed_by(key_path("gpg-test-public.asc")));
  EXPECT_EQ(on_docker(by_default, "simple-signed", app + ":1.0"), "accept");
  EXPECT_EQ(on_docker(by_default, "simple-signed", app + "@" + kDigest), "accept");
  EXPECT_EQ(on_docker(by_default, "simple-signed", app + ":2.0"),
            rejected("Signature for identity " + app + ":1.0 is not accepted"));
  const Policy exact = policy_of(signed_by(key_path("gpg-test-public.asc"), R"({"type":"matchExact"})"));
  EXPECT_EQ(on_docker(exact, "simple-signed", app + "@" + kDigest),
            rejected("Signature for identity " + app + ":1.0 is not accepted"));
  const Policy repo = policy_of(signed_by(key_path("gpg-test-public.asc"), R"({"type":"matchRepository"})"));
  EXPECT_EQ(on_docker(repo, "simple-signed", app + ":2.0"), "accept");
  const Policy remap =
      Policy::parse(test::kit_policy("signedBy-remapIdentity"), "p", test::transport_kinds());
  EXPECT_EQ(on_docker(remap, "simple-signed", "127.0.0.1:5000/ns/app:1.0"), "accept");
  EXPECT_EQ(on_docker(remap, "simple-signed", "127.0.0.1:5000/other/app:1.0"),
            rejected("Signature for identity " + app + ":1.0 is not accepted"));
}

TEST_F(Eval, TheKitsDockerScopes) {
  const Policy p = Policy::parse(test::kit_policy("scope-docker"), "p", test::transport_kinds());
  EXPECT_EQ(on_docker(p, "simple-signed", "127.0.0.1:5000/ns/app:1.0"), "accept");  // signedBy, remapped
  EXPECT_EQ(on_docker(p, "unsigned", "127.0.0.1:5000/ns/app:1.0"),
            rejected("A signature was required, but no signature exists"));
  EXPECT_EQ(on_docker(p, "simple-signed", "127.0.0.1:5000/ns/other:1.0"),
            rejected("Running image docker://127.0.0.1:5000/ns/other:1.0 is rejected by policy."));
  EXPECT_EQ(on_docker(p, "unsigned", "elsewhere.example/x:1"), "accept");  // the transport's ""
  EXPECT_EQ(on_dir(p, "unsigned"), "accept");                              // dir's ""
}

// A sigstore signature of the kit, changed by `edit`, in its stored form.
template <class F>
std::string edited_sigstore(F&& edit) {
  auto blob = signature::read_blob(test::dir_signatures(vector("sigstore-signed"))[0]);
  auto sig = signature::read_sigstore(blob.data);
  edit(sig);
  blob.data = signature::write_sigstore(sig);
  return signature::stored_form(blob);
}

TEST_F(Eval, SigstoreSignaturesAsUpstreamSkopeoJudgesThem) {
  const Policy p = policy_of(sigstore_signed(key_path("sigstore-test.pub")));
  const std::string annotation(signature::sigstore_signature_annotation);
  EXPECT_EQ(on_dir(p, "sigstore-signed"), "accept");
  EXPECT_EQ(
      on_dir(p, "sigstore-signed", {{edited_sigstore([&](auto& s) { s.annotations.erase(annotation); })}}),
      rejected("missing dev.cosignproject.cosign/signature annotation"));
  EXPECT_EQ(
      on_dir(p, "sigstore-signed", {{edited_sigstore([&](auto& s) { s.annotations[annotation] = "!!"; })}}),
      rejected("base64 decoding: illegal base64 data at input byte 0"));
  EXPECT_EQ(on_dir(p, "sigstore-signed", {{edited_sigstore([&](auto& s) { s.annotations["x"] = "y"; })}}),
            "accept");
  EXPECT_EQ(on_dir(p, "sigstore-signed", {{edited_sigstore([&](auto& s) { s.payload += " "; })}}),
            rejected("cryptographic signature verification failed: invalid signature when validating ASN.1 "
                     "encoded signature"));
  EXPECT_EQ(
      on_dir(p, "sigstore-signed", {{edited_sigstore([](auto& s) { s.mime_type = "text/plain"; })}}),
      rejected("A signature was required, but no signature exists (0 non-sigstore signatures, 1 sigstore "
               "non-signature attachments)"));
  // A GPG key is no PEM public key, and that is said before a missing annotation.
  const Policy gpg_key = policy_of(sigstore_signed(key_path("gpg-test-public.asc")));
  EXPECT_EQ(on_dir(gpg_key, "sigstore-signed"), rejected("parsing public key: PEM decoding failed"));
  EXPECT_EQ(on_dir(gpg_key, "sigstore-signed",
                   {{edited_sigstore([&](auto& s) { s.annotations.erase(annotation); })}}),
            rejected("parsing public key: PEM decoding failed"));
  // Default identity on dir: (no name), and by docker name.
  const Policy by_default = policy_of(R"({"type":"sigstoreSigned",)" + key_path("sigstore-test.pub") + "}");
  EXPECT_EQ(on_dir(by_default, "sigstore-signed"),
            rejected("Signature for identity registry.example/ns/app:1.0 is not accepted"));
  EXPECT_EQ(on_docker(by_default, "sigstore-signed", "registry.example/ns/app:1.0"), "accept");
}

}  // namespace
