// One policy requirement and its signedIdentity, read as containers/image's
// UnmarshalJSON methods read them (policy_config.go), with their messages.
#pragma once

#include "config/policy/policy_json.hpp"

#include <ferry/core/policy.hpp>

namespace ferry::policy {

PolicyRequirement parse_requirement(const Json& value);
SignedIdentity parse_signed_identity(const Json& value);

}  // namespace ferry::policy
