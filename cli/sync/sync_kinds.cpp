#include "sync/sync_kinds.hpp"

namespace ferry::cli::sync {

std::optional<Kind> source_kind(const std::string& word) {
  if (word == "yaml") return Kind::file;
  return destination_kind(word);
}

std::optional<Kind> destination_kind(const std::string& word) {
  if (word == registry_transport) return Kind::registry;
  if (word == dir_transport) return Kind::dir;
  return std::nullopt;
}

const char* transport_of(Kind kind) { return kind == Kind::dir ? dir_transport : registry_transport; }

std::string image_name(Kind kind, const std::string& within) {
  return std::string(transport_of(kind)) + (kind == Kind::dir ? ":" : "://") + within;
}

std::string within_transport(Kind kind, const std::string& image_name) {
  return image_name.substr(std::string(transport_of(kind)).size() + (kind == Kind::dir ? 1 : 3));
}

}  // namespace ferry::cli::sync
