// The Link header of a paginated tag list (RFC 8288): `</v2/x/tags/list?last=a&n=2>; rel="next"`.
// Read in one pass: the header comes from the registry, and a crafted one must
// cost no more than its length.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::plugins::docker {

// The target of the first link whose rel names "next", or nullopt.
std::optional<std::string> next_link(std::string_view header);

}  // namespace ferry::plugins::docker
