#include "daemon_destination.hpp"

#include <ferry/file_io/staging.hpp>

#include <sys/stat.h>

namespace ferry::plugins::docker_daemon {

DaemonDestination::DaemonDestination(const DockerReference& name, const sdk::Context& ctx)
    : ArchiveWriter(file_io::tidied_scratch_dir(ctx.temp_dir(), "docker-daemon-"), "docker-daemon-",
                    "docker-daemon:" + name.str(), {name}, ctx),
      client_(daemon_address(ctx), ctx) {}

void DaemonDestination::publish(file_io::TempFile& tar) {
  struct stat st {};
  ::fstat(tar.fd(), &st);
  client_.load_image(tar.fd(), static_cast<uint64_t>(st.st_size));
}

}  // namespace ferry::plugins::docker_daemon
