// Writing manifests and lists, mapping media types between the OCI and Docker
// families on the way.
#include <ferry/core/error.hpp>
#include <ferry/core/manifest.hpp>
#include <ferry/media_types.hpp>

#include "manifest/descriptor.hpp"

#include <nlohmann/json.hpp>

namespace ferry {
namespace {

// Media types media_types.hpp does not name, needed for the foreign pairs.
constexpr std::string_view kOciNondistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
constexpr std::string_view kOciNondistributableZstd =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
constexpr std::string_view kDockerForeign = "application/vnd.docker.image.rootfs.foreign.diff.tar";

bool is_oci_family(std::string_view mime) { return mime == media::oci_manifest || mime == media::oci_index; }

bool is_docker_family(std::string_view mime) {
  return mime == media::docker_v2s2 || mime == media::docker_list || mime == media::docker_v2s1 ||
         mime == media::docker_v2s1_signed;
}

bool is_foreign_layer(std::string_view layer_mime) {
  return layer_mime.find(".nondistributable.") != std::string_view::npos ||
         layer_mime.find(".foreign.") != std::string_view::npos;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string config_media_type_for(std::string_view config_mime, std::string_view target) {
  if (config_mime.empty()) {
    fail(FERRY_E_MANIFEST_REJECTED, "cannot write a " + std::string(target) +
                                        " manifest for an image without a config blob "
                                        "(schema 1); its config must be created first");
  }
  if (target == media::oci_manifest) {
    return std::string(config_mime == media::docker_config ? media::oci_config : config_mime);
  }
  if (config_mime == media::oci_config || config_mime == media::docker_config) {
    return std::string(media::docker_config);
  }
  // v2s2 only carries container images; an artifact's config has no equivalent.
  fail(FERRY_E_MANIFEST_REJECTED, "cannot convert a manifest with config media type " + quoted(config_mime) +
                                      " to " + std::string(target));
}

std::string layer_media_type_in(std::string_view layer_mime, std::string_view target) {
  const bool same_family = target == media::oci_manifest ? layer_mime.starts_with("application/vnd.oci.")
                                                         : layer_mime.starts_with("application/vnd.docker.");
  if (same_family) return std::string(layer_mime);
  const Compression compression = layer_compression(layer_mime);
  if (compression == Compression::unknown) {
    // OCI can describe any blob (artifacts); Docker only knows its own layer types.
    if (target == media::oci_manifest) return std::string(layer_mime);
    fail(FERRY_E_MANIFEST_REJECTED,
         "cannot convert layer media type " + quoted(layer_mime) + " to " + std::string(target));
  }
  return layer_media_type_for(target, compression, is_foreign_layer(layer_mime));
}

}  // namespace

Compression layer_compression(std::string_view mime) {
  if (mime.ends_with("+gzip") || mime.ends_with(".tar.gzip")) return Compression::gzip;
  if (mime.ends_with("+zstd") || mime.ends_with(".tar.zstd")) return Compression::zstd;
  if (mime.ends_with(".tar")) return Compression::none;
  return Compression::unknown;
}

std::string layer_media_type_for(std::string_view manifest_mime, Compression compression, bool foreign) {
  if (is_oci_family(manifest_mime)) {
    switch (compression) {
      case Compression::none:
        return std::string(foreign ? kOciNondistributable : media::oci_layer);
      case Compression::gzip:
        return std::string(foreign ? media::oci_layer_nondistributable_gzip : media::oci_layer_gzip);
      case Compression::zstd:
        return std::string(foreign ? kOciNondistributableZstd : media::oci_layer_zstd);
      case Compression::unknown:
        break;
    }
  } else if (is_docker_family(manifest_mime)) {
    switch (compression) {
      case Compression::none:
        return std::string(foreign ? kDockerForeign : media::docker_layer);
      case Compression::gzip:
        return std::string(foreign ? media::docker_layer_foreign_gzip : media::docker_layer_gzip);
      case Compression::zstd:
        // The zstd type exists on paper, but Docker-format consumers do not read it.
        fail(FERRY_E_MANIFEST_REJECTED,
             "zstd-compressed layers cannot be written in a " + std::string(manifest_mime) + " manifest");
      case Compression::unknown:
        break;
    }
  } else {
    fail(FERRY_E_MANIFEST_REJECTED,
         "no layer media types are known for manifest type " + quoted(manifest_mime));
  }
  fail(FERRY_E_MANIFEST_REJECTED,
       "a " + std::string(manifest_mime) + " manifest cannot describe a layer of unknown compression");
}

std::string serialize_image_manifest(const ImageManifest& m, std::string_view target_mime) {
  const bool oci = target_mime == media::oci_manifest;
  if (!oci && target_mime != media::docker_v2s2) {
    fail(FERRY_E_MANIFEST_REJECTED, "ferry cannot write image manifests of type " + quoted(target_mime));
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["schemaVersion"] = 2;
  out["mediaType"] = target_mime;
  if (oci && !m.artifact_type.empty()) out["artifactType"] = m.artifact_type;

  Descriptor config = m.config;
  config.media_type = config_media_type_for(m.config.media_type, target_mime);
  out["config"] = detail::descriptor_json(config, oci);

  auto layers = nlohmann::ordered_json::array();
  for (const auto& layer : m.layers) {
    if (layer.size < 0) {
      fail(FERRY_E_MANIFEST_REJECTED, "layer " + layer.digest.str() + " has no known size; a " +
                                          std::string(target_mime) + " manifest needs one");
    }
    Descriptor converted = layer;
    converted.media_type = layer_media_type_in(layer.media_type, target_mime);
    layers.push_back(detail::descriptor_json(converted, oci));
  }
  out["layers"] = std::move(layers);
  if (oci && !m.annotations.empty()) out["annotations"] = m.annotations;
  return out.dump();
}

std::string serialize_manifest_list(const ManifestList& l, std::string_view target_mime) {
  const bool oci = target_mime == media::oci_index;
  if (!oci && target_mime != media::docker_list) {
    fail(FERRY_E_MANIFEST_REJECTED, "ferry cannot write manifest lists of type " + quoted(target_mime));
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["schemaVersion"] = 2;
  out["mediaType"] = target_mime;
  auto manifests = nlohmann::ordered_json::array();
  for (const auto& instance : l.manifests) {
    manifests.push_back(detail::descriptor_json(instance, oci));
  }
  out["manifests"] = std::move(manifests);
  if (oci && !l.annotations.empty()) out["annotations"] = l.annotations;
  return out.dump();
}

}  // namespace ferry
