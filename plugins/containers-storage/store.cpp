#include "store.hpp"

#include <ferry/file_io/directory.hpp>
#include <ferry/plugin.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace ferry::plugins::cstore {
namespace fs = std::filesystem;

fs::path Store::layer_files(const std::string& id) const {
  return s_.driver == Driver::overlay ? layer_home(id) / "diff" : layer_home(id);
}

fs::path Store::layer_home(const std::string& id) const {
  return s_.driver == Driver::overlay ? s_.graph_root / "overlay" / id : s_.graph_root / "vfs" / "dir" / id;
}

fs::path Store::tar_split(const std::string& id) const { return s_.layers_dir() / (id + ".tar-split.gz"); }

fs::path Store::image_dir(const std::string& id) const { return s_.images_dir() / id; }

void Store::create_directories() const {
  // The modes containers/storage gives them: private, except the link farm.
  auto make = [](const fs::path& p, unsigned mode) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    file_io::make_directory(p, mode);
  };
  const std::string d = s_.driver_name();
  make(s_.graph_root, 0700);
  make(s_.run_root, 0700);
  make(s_.layers_dir(), 0700);
  make(s_.images_dir(), 0700);
  make(s_.graph_root / (d + "-containers"), 0700);
  make(s_.graph_root / "tmp", 0700);
  make(s_.run_root / (d + "-layers"), 0700);
  if (s_.driver == Driver::overlay) {
    make(s_.graph_root / "overlay", 0700);
    make(s_.graph_root / "overlay" / "l", 0755);
  } else {
    make(s_.graph_root / "vfs", 0700);
    make(s_.graph_root / "vfs" / "dir", 0700);
  }
}

std::unique_ptr<Store::Session> Store::open(StoreLock::Mode mode, bool with_containers) const {
  auto session = std::make_unique<Session>();
  const fs::path layers_file = s_.layers_dir() / "layers.json";
  const fs::path images_file = s_.images_dir() / "images.json";
  std::error_code ec;
  if (mode == StoreLock::Mode::write) {
    create_directories();
  } else if (!fs::is_directory(s_.layers_dir(), ec) || !fs::is_directory(s_.images_dir(), ec)) {
    session->layers = Records::load(layers_file);  // absent: empty
    session->images = Records::load(images_file);
    return session;
  }
  session->store_lock_ = std::make_unique<StoreLock>(s_.graph_root / "storage.lock", mode);
  session->layers_lock_ = std::make_unique<StoreLock>(s_.layers_dir() / "layers.lock", mode);
  session->layers = Records::load(layers_file);
  session->images_lock_ = std::make_unique<StoreLock>(s_.images_dir() / "images.lock", mode);
  session->images = Records::load(images_file);
  if (with_containers) {
    const fs::path dir = s_.graph_root / (std::string(s_.driver_name()) + "-containers");
    session->containers_lock_ = std::make_unique<StoreLock>(dir / "containers.lock", mode);
    session->containers = Records::load(dir / "containers.json");
  }
  return session;
}

Records Store::mounts() const {
  return Records::load(s_.run_root / (std::string(s_.driver_name()) + "-layers") / "mountpoints.json");
}

void Store::Session::save_layers() {
  layers.save();
  layers_lock_->record_write();
}

void Store::Session::save_images() {
  images.save();
  images_lock_->record_write();
}

}  // namespace ferry::plugins::cstore
