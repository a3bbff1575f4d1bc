#include "manifest_types.hpp"

#include <ferry/media_types.hpp>

#include <array>

namespace ferry::plugins::docker {

namespace {
constexpr std::array<std::string_view, 6> known_types = {
    media::oci_manifest, media::oci_index,          media::docker_v2s2,
    media::docker_list,  media::docker_v2s1_signed, media::docker_v2s1,
};
}  // namespace

const std::string& manifest_accept_header() {
  static const std::string header = [] {
    std::string h;
    for (auto t : known_types) h += (h.empty() ? "" : ", ") + std::string(t);
    return h;
  }();
  return header;
}

std::string manifest_mime(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  for (auto k : known_types)
    if (t == k) return std::string(t);
  return "";
}

}  // namespace ferry::plugins::docker
