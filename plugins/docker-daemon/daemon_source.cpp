#include "daemon_source.hpp"

#include "daemon_address.hpp"
#include "engine_client.hpp"

#include <ferry/docker_save/archive_file.hpp>
#include <ferry/file_io/staging.hpp>
#include <ferry/file_io/temp_file.hpp>

namespace ferry::plugins::docker_daemon {

DaemonSource::DaemonSource(const std::string& name, const sdk::Context& ctx) {
  EngineClient client(daemon_address(ctx), ctx);
  std::unique_ptr<docker_save::ArchiveFile> file;
  {
    file_io::TempFile spool(file_io::tidied_scratch_dir(ctx.temp_dir(), "docker-daemon-"), "docker-daemon-",
                            file_io::TempFile::Use::scratch);
    client.save_image(name, spool);
    // Opened before `spool` goes: the name is removed, the data stays until close.
    file = std::make_unique<docker_save::ArchiveFile>(
        spool.path(), "the image " + name + " saved by the docker daemon at " + client.label(), ctx);
  }
  archive_ = std::make_unique<docker_save::ArchiveSource>(std::move(file), std::nullopt, std::nullopt);
}

}  // namespace ferry::plugins::docker_daemon
