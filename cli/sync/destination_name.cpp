#include "sync/destination_name.hpp"

#include <vector>

namespace ferry::cli::sync {
namespace {

// Go's path.Clean.
std::string clean(const std::string& p) {
  if (p.empty()) return ".";
  const bool rooted = p[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string e = p.substr(i, j - i);
    if (e.empty() || e == ".") {
    } else if (e == "..") {
      if (!parts.empty() && parts.back() != "..")
        parts.pop_back();
      else if (!rooted)
        parts.push_back("..");
    } else {
      parts.push_back(e);
    }
    i = j + 1;
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}

}  // namespace

std::string join_path(const std::string& a, const std::string& b) {
  if (a.empty() && b.empty()) return "";
  if (a.empty()) return clean(b);
  if (b.empty()) return clean(a);
  return clean(a + "/" + b);
}

std::string base_name(const std::string& path) {
  if (path.empty()) return ".";
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return "/";
  const size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string destination_suffix(const std::string& source_part, bool scoped) {
  return scoped ? source_part : base_name(source_part);
}

std::string destination_name(Kind kind, const std::string& destination, const std::string& suffix,
                             const std::string& append_suffix) {
  return image_name(kind, join_path(destination, suffix) + append_suffix);
}

}  // namespace ferry::cli::sync
