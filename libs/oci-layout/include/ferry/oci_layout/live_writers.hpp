// Which writers are at work in a layout. Each LayoutWriter holds a shared
// flock on the layout's blobs/ directory for as long as it lives (the
// exclusive flock on the layout directory itself serialises index.json; see
// index_file.hpp). A writer that created the layout and then fails may
// remove it only while it holds this lock exclusively — no other writer is at
// work, none can start — and no index.json appeared: otherwise the layout
// holds, or is about to hold, other writers' images.
#pragma once

#include <filesystem>
#include <optional>

namespace ferry::oci_layout {

class WriterPresence {
 public:
  // Takes the shared lock on root/blobs (creating it), waiting while a failed
  // creator removes the layout. nullopt when that happened: the caller
  // prepares the layout again.
  static std::optional<WriterPresence> enter(const std::filesystem::path& root);
  // The exclusive lock, when no writer holds the shared one; nullopt else.
  static std::optional<WriterPresence> alone(const std::filesystem::path& root);

  WriterPresence(WriterPresence&& other) noexcept;
  WriterPresence& operator=(WriterPresence&& other) noexcept;
  ~WriterPresence();
  void leave();

 private:
  explicit WriterPresence(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ferry::oci_layout
