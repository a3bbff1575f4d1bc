// How many cores this process may keep busy: the CPUs its affinity mask
// allows, lowered to its cgroup's CPU quota. std::thread::hardware_concurrency
// counts every online CPU, which in a container limited to 2 CPUs on a larger
// host would start work that only waits for its turn.
#pragma once

#include <optional>
#include <string_view>

namespace ferry {

// At least 1; computed once per process.
unsigned usable_cores();

// A cgroup v2 cpu.max line ("QUOTA PERIOD", or "max PERIOD"; v1's two files
// joined the same way, where -1 means no limit): the cores the
// quota pays for, rounded up; nothing when there is no limit or the line is
// not understood.
std::optional<unsigned> cores_from_cpu_max(std::string_view line);

}  // namespace ferry
