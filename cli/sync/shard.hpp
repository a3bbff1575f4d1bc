// --shard I/N: one of N disjoint slices of a sync's images, chosen by a
// stable hash of each image's destination repository, so that N machines
// mirror one list without overlap and a re-run lands every image in the same
// shard. All tags of a repository go to one shard: registries mishandle
// pushes of the same blobs into one repository from several clients at once
// (distribution 2.8 answers 500 or "blob unknown" now and then), and within
// one process those pushes wait for each other.
#pragma once

#include <cstdint>
#include <functional>
#include "sync/sync_kinds.hpp"

#include <string>

namespace ferry::cli::sync {

struct Shard {
  uint64_t index = 0;
  uint64_t count = 1;
  // Whether the image with this shard_key belongs to this shard.
  bool holds(const std::string& key) const;
};

// What decides an image's slice: a registry image's destination without its
// tag or digest; a dir: image's whole name.
std::string shard_key(Kind kind, const std::string& destination);

// "I/N" (0 <= I < N), or "auto": a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, with the count in FERRY_SHARD_COUNT) or a Slurm job
// array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT).
// `env` reads the environment (getenv in the command, a table in tests).
// Throws a usage error naming what is missing or wrong.
Shard parse_shard(const std::string& text, const std::function<const char*(const char*)>& env);

// FNV-1a, 64 bits: fixed forever, so shards stay where they were.
uint64_t stable_hash(const std::string& s);

}  // namespace ferry::cli::sync
