// One JSON object per line for tools that wrap ferry. Every event has
// "event"; blob events name the blob by "digest":
//   {"event":"step","message":"Writing manifest to image destination"}
//   {"event":"blob-started","digest":…,"mediaType":…,"size":N,"kind":"layer"|"config"}
//   {"event":"blob-progress","digest":…,"bytes":N,"size":N}   (each `every`, when it moved)
//   {"event":"blob-done","digest":…,"bytes":N}  or  {"event":"blob-skipped","digest":…}
//   {"event":"image-done","digest":…,"mediaType":…,"bytes":N}  or  {"event":"error","message":…}
#include "progress/json_view.hpp"
#include "progress/ticker.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>

namespace ferry::cli {
namespace {

using json = nlohmann::ordered_json;

class JsonView final : public ProgressView {
 public:
  JsonView(std::ostream& out, std::chrono::milliseconds every)
      : out_(out), ticker_(every, [this] { tick(); }) {}

  void step(std::string_view line) override {
    {
      std::lock_guard lock(mutex_);
      blobs_.clear();  // no blob is in flight at a step; a failed attempt's are gone
    }
    emit({{"event", "step"}, {"message", line}});
  }
  void blob_started(uint64_t id, const Descriptor& blob, bool is_config) override {
    {
      std::lock_guard lock(mutex_);
      Blob& b = blobs_[id];
      b.digest = blob.digest.str();
      b.size = blob.size;
    }
    emit({{"event", "blob-started"},
          {"digest", blob.digest.str()},
          {"mediaType", blob.media_type},
          {"size", blob.size},
          {"kind", is_config ? "config" : "layer"}});
  }
  void blob_read(uint64_t id, uint64_t bytes) override {
    std::lock_guard lock(mutex_);
    if (auto it = blobs_.find(id); it != blobs_.end()) it->second.read = bytes;
  }
  // Events about blobs are written under mutex_ (then out_mutex_, never the
  // other way round): a progress event never follows its blob's end.
  void blob_finished(uint64_t id, BlobEnd end) override {
    std::lock_guard lock(mutex_);
    auto it = blobs_.find(id);
    if (it == blobs_.end()) return;
    const Blob b = it->second;
    blobs_.erase(it);
    if (end == BlobEnd::skipped)
      emit({{"event", "blob-skipped"}, {"digest", b.digest}});
    else
      emit({{"event", "blob-done"}, {"digest", b.digest}, {"bytes", b.read}});
  }
  void image_done(const CopyResult& r) override {
    emit({{"event", "image-done"}, {"digest", r.digest.str()}, {"mediaType", r.mime}, {"bytes", r.bytes}});
  }
  void failed(std::string_view message) override { emit({{"event", "error"}, {"message", message}}); }

 private:
  struct Blob {
    std::string digest;
    int64_t size = -1;
    uint64_t read = 0, reported = 0;
  };

  void tick() {
    std::lock_guard lock(mutex_);
    for (auto& [id, b] : blobs_) {
      if (b.read == b.reported) continue;
      b.reported = b.read;
      emit({{"event", "blob-progress"}, {"digest", b.digest}, {"bytes", b.read}, {"size", b.size}});
    }
  }

  void emit(const json& event) {
    // Messages may quote bytes from outside; invalid UTF-8 becomes U+FFFD rather than an exception.
    const std::string line = event.dump(-1, ' ', false, json::error_handler_t::replace);
    std::lock_guard lock(out_mutex_);
    out_ << line << '\n' << std::flush;
  }

  std::ostream& out_;
  std::mutex mutex_, out_mutex_;
  std::map<uint64_t, Blob> blobs_;
  Ticker ticker_;  // last: its thread uses the members above
};

}  // namespace

std::unique_ptr<ProgressView> make_json_view(std::ostream& out, std::chrono::milliseconds every) {
  return std::make_unique<JsonView>(out, every);
}

}  // namespace ferry::cli
