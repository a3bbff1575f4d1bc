// The core's pull-reader interface; blob pipelines are chains of these.
#pragma once

#include <cstddef>
#include <string>

namespace ferry {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Up to cap bytes into buf; 0 at end of stream. Throws ferry::Error.
  virtual size_t read(void* buf, size_t cap) = 0;
  // "algo:hex" of everything delivered, once the end was reached; empty when
  // this reader does not track it. Pipelines end in a reader that does.
  virtual std::string digest() const { return {}; }
};

}  // namespace ferry
