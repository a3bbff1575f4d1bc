// `delete containers-storage:NAME`: the name goes; the image goes when it has
// no name left, and with it every layer no other image stands on.
#pragma once

#include "store.hpp"
#include "store_reference.hpp"

namespace ferry::plugins::cstore {

void delete_image(const Store& store, const ImageName& name);

}  // namespace ferry::plugins::cstore
