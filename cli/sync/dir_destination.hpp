// A dir: destination of sync, as skopeo treats it: it must not exist yet, and
// it is made with its parents. Made atomically (two images of one run that
// name the same directory cannot both write into it), and removed again when
// the copy into it fails, so that the re-run does not refuse it.
#pragma once

#include <string>

namespace ferry::cli::sync {

// Throws "Refusing to overwrite destination directory …" when `path` exists.
void refuse_existing(const std::string& path);

class DirDestination {
 public:
  explicit DirDestination(std::string path);
  // Removes the directory unless kept, when it is empty (the dir: transport
  // leaves nothing behind when its copy is aborted).
  ~DirDestination();
  DirDestination(const DirDestination&) = delete;
  DirDestination& operator=(const DirDestination&) = delete;
  void keep() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

}  // namespace ferry::cli::sync
