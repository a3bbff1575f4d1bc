// libarchive's reason for its last failure as text. It has none for some
// failures (a compressed stream that is empty or cut short), and a null
// pointer must not reach a std::string.
#pragma once

#include <archive.h>

#include <string>

namespace ferry::file_io {

inline std::string archive_error(archive* a) {
  const char* reason = archive_error_string(a);
  return reason ? reason : "libarchive gives no reason (is the data empty or cut short?)";
}

}  // namespace ferry::file_io
