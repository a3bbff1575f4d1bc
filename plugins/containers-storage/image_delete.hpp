// `delete containers-storage:REF`. Named by one of several names, the image
// loses that name (as podman rmi untags); otherwise — its last name, its ID or
// a digest — the image goes, with every layer no other image stands on. An
// image a container uses, or whose layers are mounted, is refused.
#pragma once

#include "store.hpp"
#include "store_reference.hpp"

namespace ferry::plugins::cstore {

void delete_image(const Store& store, const ImageName& name);

}  // namespace ferry::plugins::cstore
