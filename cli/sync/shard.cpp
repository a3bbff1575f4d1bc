#include "sync/shard.hpp"

#include <ferry/core/error.hpp>

#include <charconv>

namespace ferry::cli::sync {
namespace {

[[noreturn]] void bad(const std::string& why) { fail(FERRY_E_INVALID_ARGUMENT, "--shard: " + why); }

uint64_t number(const std::string& s, const std::string& what) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    bad(what + " \"" + s + "\" is not a non-negative integer");
  return v;
}

Shard checked(uint64_t index, uint64_t count, const std::string& from) {
  if (count == 0) bad("the shard count" + from + " must be at least 1");
  if (index >= count)
    bad("shard index " + std::to_string(index) + from + " is not below the count " + std::to_string(count));
  return Shard{index, count};
}

}  // namespace

uint64_t stable_hash(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool Shard::holds(const std::string& key) const { return stable_hash(key) % count == index; }

std::string shard_key(Kind kind, const std::string& destination) {
  if (kind == Kind::dir) return destination;
  std::string repo = destination.substr(0, destination.find('@'));
  const size_t colon = repo.rfind(':'), slash = repo.rfind('/');
  if (colon != std::string::npos && slash != std::string::npos && colon > slash) repo.resize(colon);
  return repo;
}

Shard parse_shard(const std::string& text, const std::function<const char*(const char*)>& env) {
  if (text != "auto") {
    const size_t slash = text.find('/');
    if (slash == std::string::npos) bad("expected I/N (e.g. 0/4) or auto, got \"" + text + "\"");
    return checked(number(text.substr(0, slash), "index"), number(text.substr(slash + 1), "count"), "");
  }
  auto var = [&](const char* name) -> std::string {
    const char* v = env(name);
    return v ? v : "";
  };
  if (!var("JOB_COMPLETION_INDEX").empty()) {
    if (var("FERRY_SHARD_COUNT").empty())
      bad("JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but FERRY_SHARD_COUNT is not; "
          "set it to the Job's completions");
    return checked(number(var("JOB_COMPLETION_INDEX"), "JOB_COMPLETION_INDEX"),
                   number(var("FERRY_SHARD_COUNT"), "FERRY_SHARD_COUNT"), " (from the environment)");
  }
  if (!var("SLURM_ARRAY_TASK_ID").empty()) {
    if (var("SLURM_ARRAY_TASK_COUNT").empty())
      bad("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
    const uint64_t id = number(var("SLURM_ARRAY_TASK_ID"), "SLURM_ARRAY_TASK_ID");
    const uint64_t min =
        var("SLURM_ARRAY_TASK_MIN").empty() ? 0 : number(var("SLURM_ARRAY_TASK_MIN"), "SLURM_ARRAY_TASK_MIN");
    if (id < min) bad("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN");
    return checked(id - min, number(var("SLURM_ARRAY_TASK_COUNT"), "SLURM_ARRAY_TASK_COUNT"),
                   " (from the environment)");
  }
  bad("auto needs a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and FERRY_SHARD_COUNT) or a Slurm "
      "job array (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT); neither is set");
}

}  // namespace ferry::cli::sync
