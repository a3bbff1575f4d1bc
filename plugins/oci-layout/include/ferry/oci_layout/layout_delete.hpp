// Removing an image from an OCI layout: its index.json entry goes (atomically),
// then the blobs only it used. Blobs in a shared blob dir are never removed,
// since other layouts may use them.
#pragma once

#include "ferry/oci_layout/layout.hpp"

namespace ferry::plugins::oci_layout {

void delete_image(const Layout& layout, const LayoutName& name);

}  // namespace ferry::plugins::oci_layout
