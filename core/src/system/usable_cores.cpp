#include "ferry/core/usable_cores.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>
#include <thread>

namespace ferry {
namespace {

std::optional<unsigned long long> parse_number(std::string_view s) {
  unsigned long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

unsigned affinity_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

// The process's cgroup path for the CPU controller: the v2 entry ("0::PATH")
// on a unified hierarchy, else the v1 entry whose controllers include "cpu".
struct CpuCgroup {
  std::string path;
  bool v2 = false;
};

std::optional<CpuCgroup> own_cpu_cgroup() {
  const bool unified = std::ifstream("/sys/fs/cgroup/cgroup.controllers").good();
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = "," + line.substr(first + 1, second - first - 1) + ",";
    const std::string path = line.substr(second + 1);
    if (unified && line.rfind("0::", 0) == 0) return CpuCgroup{path, true};
    if (!unified && controllers.find(",cpu,") != std::string::npos) return CpuCgroup{path, false};
  }
  return std::nullopt;
}

std::optional<std::string> first_line(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  if (in && std::getline(in, line)) return line;
  return std::nullopt;
}

// The quota set on one cgroup directory, in either version's files.
std::optional<unsigned> quota_in(const std::string& dir, bool v2) {
  if (v2) {
    auto line = first_line(dir + "/cpu.max");
    return line ? cores_from_cpu_max(*line) : std::nullopt;
  }
  auto quota = first_line(dir + "/cpu.cfs_quota_us");
  auto period = first_line(dir + "/cpu.cfs_period_us");
  return quota && period ? cores_from_cpu_max(*quota + " " + *period) : std::nullopt;
}

// The tightest quota from the process's cgroup up to the root, since a
// parent's limit binds its children. Walking up also finds the container's
// own directory when /proc/self/cgroup names a host path the container's
// mount does not have.
std::optional<unsigned> quota_cores() {
  auto cgroup = own_cpu_cgroup();
  if (!cgroup) return std::nullopt;
  const std::string mount = cgroup->v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/cpu";
  std::optional<unsigned> tightest;
  std::string dir = cgroup->path;
  for (int depth = 0; depth < 64; ++depth) {
    if (auto c = quota_in(mount + (dir == "/" ? "" : dir), cgroup->v2); c && (!tightest || *c < *tightest))
      tightest = c;
    if (dir.empty() || dir == "/") break;
    const auto slash = dir.rfind('/');
    dir = slash == 0 || slash == std::string::npos ? "/" : dir.substr(0, slash);
  }
  return tightest;
}

}  // namespace

std::optional<unsigned> cores_from_cpu_max(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto quota = parse_number(line.substr(0, space));
  const auto period = parse_number(line.substr(space + 1));
  if (!quota || !period || *period == 0 || *quota == 0) return std::nullopt;
  const unsigned long long cores = (*quota + *period - 1) / *period;
  return static_cast<unsigned>(std::min<unsigned long long>(cores, 1u << 16));
}

unsigned usable_cores() {
  static const unsigned cores = [] {
    unsigned n = affinity_cores();
    if (auto q = quota_cores()) n = std::min(n, *q);
    return std::max(1u, n);
  }();
  return cores;
}

}  // namespace ferry
