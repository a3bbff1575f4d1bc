// The signing test kit (../shared/lab/signing): skopeo-made signed images in
// dir: layouts, test keys, policy files with placeholders, and the matrix of
// skopeo's results (vectors/expected.tsv).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ferry::test {

// The kit's directory, resolved (dir: scopes must be clean absolute paths).
std::filesystem::path kit();
std::string read_file(const std::filesystem::path& file);
// policies/NAME.json with @KEYS@, @VECTORS@ and @REG@ (127.0.0.1:5000) filled in, as kit.sh's kit_policy.
std::string kit_policy(const std::string& name);
// PREFIXsignature-1, -2, … of a dir: layout, up to the first missing one.
std::vector<std::string> dir_signatures(const std::filesystem::path& dir, const std::string& prefix = "");

}  // namespace ferry::test
