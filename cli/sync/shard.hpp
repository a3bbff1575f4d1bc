// --shard I/N: one of N disjoint slices of a sync's images, chosen by a
// stable hash of each image's destination name, so that N machines mirror
// one list without overlap and a re-run lands every image in the same shard.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ferry::cli::sync {

struct Shard {
  uint64_t index = 0;
  uint64_t count = 1;
  // Whether the image written to `destination` belongs to this shard.
  bool holds(const std::string& destination) const;
};

// "I/N" (0 <= I < N), or "auto": a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, with the count in FERRY_SHARD_COUNT) or a Slurm job
// array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT).
// `env` reads the environment (getenv in the command, a table in tests).
// Throws a usage error naming what is missing or wrong.
Shard parse_shard(const std::string& text, const std::function<const char*(const char*)>& env);

// FNV-1a, 64 bits: fixed forever, so shards stay where they were.
uint64_t stable_hash(const std::string& s);

}  // namespace ferry::cli::sync
