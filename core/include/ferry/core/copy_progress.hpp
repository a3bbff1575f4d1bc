// What a copy reports as it goes, for whoever shows it: the CLI draws bars on
// a terminal, writes skopeo's lines when piped, or JSON events for tools. The
// copy engine calls these from its worker threads, so an implementation must
// be thread-safe; blob_read() runs for every chunk read and must be cheap.
#pragma once

#include <ferry/core/manifest.hpp>

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string_view>

namespace ferry {

class CopyProgress {
 public:
  enum class BlobEnd { copied, skipped };  // skipped: the destination had it already

  virtual ~CopyProgress() = default;
  // A step of the copy, in skopeo's words ("Writing manifest to image destination").
  virtual void step(std::string_view line) = 0;
  // `id` names this blob in the calls that follow; ids are unique in a process.
  virtual void blob_started(uint64_t id, const Descriptor& blob, bool is_config) = 0;
  // `bytes` read from the source so far.
  virtual void blob_read(uint64_t id, uint64_t bytes) = 0;
  // Not called for a blob whose copy failed or was stopped.
  virtual void blob_finished(uint64_t id, BlobEnd end) = 0;
};

// skopeo's lines when its output is not a terminal: each step, and
// "Copying blob|config DIGEST" as each blob starts. Lines are written whole.
class LineProgress : public CopyProgress {
 public:
  explicit LineProgress(std::ostream& out) : out_(out) {}
  void step(std::string_view line) override;
  void blob_started(uint64_t id, const Descriptor& blob, bool is_config) override;
  void blob_read(uint64_t, uint64_t) override {}
  void blob_finished(uint64_t, BlobEnd) override {}

 protected:
  void write_line(std::string_view line);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace ferry
