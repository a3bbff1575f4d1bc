// Where a store is and how it is laid out: the reference's [driver@graphroot+
// runroot] over storage.conf ($CONTAINERS_STORAGE_CONF, else
// /etc/containers/storage.conf, else /usr/share/containers/storage.conf) over
// containers/storage's defaults for root.
#pragma once

#include "store_reference.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace ferry::plugins::cstore {

enum class Driver { overlay, vfs };

struct StoreSettings {
  Driver driver = Driver::overlay;
  std::filesystem::path graph_root = "/var/lib/containers/storage";
  std::filesystem::path run_root = "/run/containers/storage";
  std::vector<std::filesystem::path> additional_image_stores;  // read-only

  const char* driver_name() const { return driver == Driver::overlay ? "overlay" : "vfs"; }
  std::filesystem::path layers_dir() const { return graph_root / (std::string(driver_name()) + "-layers"); }
  std::filesystem::path images_dir() const { return graph_root / (std::string(driver_name()) + "-images"); }
};

// Throws sdk::Error naming the file or the setting that is wrong.
StoreSettings resolve_store(const StoreSpecifier& spec);

}  // namespace ferry::plugins::cstore
