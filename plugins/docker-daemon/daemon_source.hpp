// Reading an image from a Docker engine: `docker save` of the one image
// (GET /images/get) is streamed to an unlinked temporary file under --tmpdir,
// then read like a docker-archive (the tar must be indexed, so it is spooled).
#pragma once

#include <ferry/docker_save/archive_source.hpp>
#include <ferry/plugin.hpp>

#include <memory>
#include <string>

namespace ferry::plugins::docker_daemon {

class DaemonSource : public sdk::Source {
 public:
  // name: what to ask the daemon for (name:tag, name@digest or sha256:<id>).
  DaemonSource(const std::string& name, const sdk::Context& ctx);

  sdk::Manifest get_manifest(const std::optional<std::string>& instance) override {
    return archive_->get_manifest(instance);
  }
  std::unique_ptr<sdk::Reader> get_blob(const sdk::BlobInfo& info, int64_t& size) override {
    return archive_->get_blob(info, size);
  }

 private:
  std::unique_ptr<docker_save::ArchiveSource> archive_;
};

}  // namespace ferry::plugins::docker_daemon
