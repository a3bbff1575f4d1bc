// The text after "oci:" / "oci-archive:": path[:reference] or path:@index.
// As in the containers tools, the path ends at the first ':' and everything
// after it is the reference, so "oci:/p:a/b:c" names the reference "a/b:c".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::oci_layout {

struct LayoutName {
  std::string path;             // as the user wrote it
  std::string ref;              // org.opencontainers.image.ref.name, "" when none
  std::optional<size_t> index;  // @N: the N-th entry of index.json (reading only)

  // Back to the user's form (without the transport).
  std::string to_string() const;
};

// `transport` names the transport in error messages ("oci", "oci-archive").
// Throws FERRY_E_INVALID_ARGUMENT for an empty path, a bad reference or index,
// or an @index when allow_index is false.
LayoutName parse_layout_name(std::string_view text, std::string_view transport, bool allow_index);

// True when `ref` matches component(/component)* with alphanumeric components
// joined by one of [-._:@+] or "--" (the rule for OCI ref names).
bool valid_ref_name(std::string_view ref);

}  // namespace ferry::oci_layout
