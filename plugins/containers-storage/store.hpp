// One containers-storage store: where its files are, and its records read
// under its locks, taken in containers/storage's order (the store, then
// layers, then images) so that ferry and podman never wait on each other in a
// circle.
#pragma once

#include "store_lock.hpp"
#include "store_records.hpp"
#include "store_settings.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace ferry::plugins::cstore {

class Store {
 public:
  explicit Store(StoreSettings settings) : s_(std::move(settings)) {}
  const StoreSettings& settings() const { return s_; }

  // Where a layer's files are: overlay/<id>/diff, or vfs/dir/<id>.
  std::filesystem::path layer_files(const std::string& id) const;
  // The directory the driver keeps for a layer: overlay/<id>, or vfs/dir/<id>.
  std::filesystem::path layer_home(const std::string& id) const;
  std::filesystem::path tar_split(const std::string& id) const;
  std::filesystem::path image_dir(const std::string& id) const;
  // Where a copy stages what it renames into place later: layer trees beside
  // the layers (podman bind-mounts overlay/ onto itself, so nothing can be
  // renamed into it from outside), tar-splits in the layers' record directory.
  std::filesystem::path tree_staging_root() const {
    return s_.graph_root / (s_.driver == Driver::overlay ? "overlay" : "vfs");
  }
  std::filesystem::path tar_split_staging_root() const { return s_.layers_dir(); }

  // The records, under read or write locks held as long as this lives.
  class Session {
   public:
    Records layers, images;
    Records containers;  // only when opened with_containers
    // After changing them: save, and tell other processes (last-writer tokens).
    void save_layers();
    void save_images();

   private:
    friend class Store;
    std::unique_ptr<StoreLock> store_lock_, layers_lock_, images_lock_, containers_lock_;
  };
  // write: creates the store's directories first. read: a store that does not
  // exist yet reads as empty, and nothing is created.
  // with_containers: also the container records (containers.json, locked after
  // images as containers/storage does), for a delete that must not take an
  // image from under a container.
  std::unique_ptr<Session> open(StoreLock::Mode mode, bool with_containers = false) const;
  // The layers mounted now (the run root's mountpoints.json), with their mount counts.
  Records mounts() const;

 private:
  void create_directories() const;
  StoreSettings s_;
};

}  // namespace ferry::plugins::cstore
