// Signature verification policy (containers-policy.json(5)): which images may
// be read. Requirements understood: insecureAcceptAnything, reject; signedBy
// and sigstoreSigned are parsed and refused at use until verification exists.
#pragma once

#include <ferry/core/transport.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ferry {

struct PolicyRequirement {
  std::string type;
};
using PolicyRequirements = std::vector<PolicyRequirement>;

class Policy {
 public:
  // {"default":[{"type":"insecureAcceptAnything"}]}, as --insecure-policy.
  static Policy accept_anything();
  // Parses a policy file strictly; errors name the file and the field.
  static Policy load(const std::filesystem::path& file);
  // --policy if given, else $HOME/.config/containers/policy.json, else
  // /etc/containers/policy.json. Missing everywhere is an error.
  static Policy load_default(const std::string& explicit_path);
  static Policy parse(const std::string& json, const std::string& origin);

  // Throws Error when the policy does not let `ref` be used as a source.
  void check(const ImageReference& ref) const;
  // The requirements that apply to `scope` of `transport` (most specific wins).
  const PolicyRequirements& requirements_for(const std::string& transport, const std::string& scope) const;

 private:
  PolicyRequirements default_;
  std::map<std::string, std::map<std::string, PolicyRequirements>> transports_;
};

}  // namespace ferry
