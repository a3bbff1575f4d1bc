#include "daemon_destination.hpp"

#include <ferry/file_io/staging.hpp>

namespace ferry::plugins::docker_daemon {

DaemonDestination::DaemonDestination(const DockerReference& name, const sdk::Context& ctx)
    : ArchiveWriter(EngineClient(daemon_address(ctx), ctx).image_load(),
                    file_io::tidied_scratch_dir(ctx.temp_dir(), "docker-daemon-"), "docker-daemon-",
                    "docker-daemon:" + name.str(), {name}, ctx) {}

}  // namespace ferry::plugins::docker_daemon
