#include "ferry/docker_save/tar_sink.hpp"

#include <ferry/plugin.hpp>

namespace ferry::docker_save {

void TarSink::rewrite(uint64_t, const void*, size_t) {
  throw sdk::Error(FERRY_E_INTERNAL, "this tar is a stream: what was written cannot be rewritten");
}

void TarSink::truncate(uint64_t) {
  throw sdk::Error(FERRY_E_INTERNAL, "this tar is a stream: what was written cannot be taken back");
}

}  // namespace ferry::docker_save
