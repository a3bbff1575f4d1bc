// Every row of the signing kit's vectors/expected.tsv: a dir: vector copied
// under a kit policy, with skopeo's result. Simple-signing rows follow Debian's
// skopeo 1.9.3; sigstore rows follow upstream skopeo 1.13.3 (Debian's build has
// sigstore disabled).
#include "fake_transport.hpp"
#include "policy_kinds.hpp"
#include "signing_kit.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/policy.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

struct Row {
  std::string vector, policy, flags, expected;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.vector << " " << r.policy << " " << r.flags; }

std::vector<Row> matrix() {
  std::vector<Row> rows;
  std::ifstream in(test::kit() / "vectors/expected.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::istringstream cols(line);
    for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
    if (f.size() < 5) continue;
    // Debian's skopeo cannot verify sigstore: the upstream column says what skopeo does with it.
    std::string expected = f[3].find("sigstore disabled") != std::string::npos ? f[4] : f[3];
    const std::string vectors = (test::kit() / "vectors").string();
    for (auto at = expected.find("@VECTORS@"); at != std::string::npos; at = expected.find("@VECTORS@"))
      expected.replace(at, 9, vectors);
    rows.push_back({f[0], f[1], f[2], expected});
  }
  return rows;
}

// The image's (or each copied instance's) evaluation, worded as skopeo's copy
// reports it ("accept" or "reject: <message>").
std::string copy_result(const Row& r) {
  test::FakeTransport dir("dir", FERRY_TRANSPORT_POLICY_SCOPE_PATH);
  const fs::path layout = test::kit() / "vectors" / r.vector;
  const auto ref = dir.reference(layout.string(), std::nullopt, layout.string());
  const Policy policy = Policy::parse(test::kit_policy(r.policy), "policy.json", test::transport_kinds());
  const std::string manifest = test::read_file(layout / "manifest.json");
  std::string context;
  try {
    policy.check(ref);
    const auto index = nlohmann::json::parse(manifest);
    if (!index.contains("manifests")) {
      policy.check_image(ref, manifest, test::dir_signatures(layout));
      return "accept";
    }
    // An index: the policy sees each copied instance with its own signatures
    // (the amd64 one is this machine's), never the index's.
    const auto& instances = index["manifests"];
    const size_t count = r.flags == "--all" ? instances.size() : 1;
    for (size_t i = 0; i < count; ++i) {
      const std::string hex = instances[i]["digest"].get<std::string>().substr(7);
      context = r.flags == "--all" ? "copying image " + std::to_string(i + 1) + "/" +
                                         std::to_string(instances.size()) + " from manifest list: "
                                   : "copying system image from manifest list: ";
      policy.check_image(ref, test::read_file(layout / (hex + ".manifest.json")),
                         test::dir_signatures(layout, hex + "."));
    }
    return "accept";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), FERRY_E_UNAUTHORIZED);
    return "reject: " + context + e.what();
  }
}

class KitMatrix : public testing::TestWithParam<Row> {};

TEST_P(KitMatrix, GivesSkopeosResult) {
  const Row& r = GetParam();
  const std::string got = copy_result(r);
  const std::string gpg_dump = "Invalid GPG signature: gpgme.Signature{";
  if (auto dump = r.expected.find(gpg_dump); dump != std::string::npos) {
    // skopeo prints Go's dump of gpgme's result; ferry says what it means and
    // who signed. The same refusal, with the signer's (long) key ID.
    const auto fpr_at = r.expected.find("Fingerprint:\"") + 13;
    const std::string fpr = r.expected.substr(fpr_at, r.expected.find('"', fpr_at) - fpr_at);
    EXPECT_EQ(got.rfind(r.expected.substr(0, dump) + "Invalid GPG signature: ", 0), 0u) << got;
    EXPECT_NE(got.find(fpr), std::string::npos) << got;
    return;
  }
  EXPECT_EQ(got, r.expected);
}

INSTANTIATE_TEST_SUITE_P(ExpectedTsv, KitMatrix, testing::ValuesIn(matrix()),
                         [](const testing::TestParamInfo<Row>& info) {
                           std::string name = info.param.vector + "_" + info.param.policy +
                                              (info.param.flags == "-" ? "" : "_all");
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(KitMatrix, HasEveryRow) {
  // A missing or truncated kit must fail, not pass with no rows.
  EXPECT_GE(matrix().size(), 40u);
}

}  // namespace
