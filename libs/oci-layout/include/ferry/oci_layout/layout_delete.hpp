// Removing an image from an OCI layout. The plan comes first: the blobs the
// image reaches and the blobs every other entry reaches, read from manifests
// and indexes only (never layers). Only a complete plan changes the layout:
// index.json is replaced atomically, then the blobs only this image used go.
// Blobs in a shared blob dir are never removed, since other layouts may use them,
// nor while a copy is at work in the layout (it may have found one present).
#pragma once

#include "ferry/oci_layout/layout.hpp"

namespace ferry::oci_layout {

void delete_image(const Layout& layout, const LayoutName& name);

}  // namespace ferry::oci_layout
