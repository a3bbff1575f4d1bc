// Where a docker-save tar goes while it is written. A file can take back
// bytes (a streamed entry's header is filled in once its size is known, an
// abandoned entry is cut off); a stream such as a request body cannot, so a
// writer into one must know each entry's size before its bytes.
// complete() is called once the tar is whole and makes it take effect; a
// sink destroyed before that is abandoned and must leave nothing behind.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ferry::docker_save {

class TarSink {
 public:
  virtual ~TarSink() = default;
  virtual void append(const void* data, size_t n) = 0;
  virtual void complete() = 0;

  // Only for a rewritable sink: overwrite bytes already appended, or drop
  // everything from `size` on.
  virtual bool rewritable() const { return false; }
  virtual void rewrite(uint64_t at, const void* data, size_t n);
  virtual void truncate(uint64_t size);
};

}  // namespace ferry::docker_save
