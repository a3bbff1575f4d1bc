// The manifest, config and layer MIME types ferry knows.
#pragma once

#include <string_view>

namespace ferry::media {

inline constexpr std::string_view oci_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view oci_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view oci_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view oci_layer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view oci_layer_gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view oci_layer_zstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view oci_layer_nondistributable_gzip =
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

inline constexpr std::string_view docker_v2s2 = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view docker_list = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view docker_v2s1 = "application/vnd.docker.distribution.manifest.v1+json";
inline constexpr std::string_view docker_v2s1_signed =
    "application/vnd.docker.distribution.manifest.v1+prettyjws";
inline constexpr std::string_view docker_config = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view docker_layer_gzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view docker_layer_foreign_gzip =
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
inline constexpr std::string_view docker_layer_zstd = "application/vnd.docker.image.rootfs.diff.tar.zstd";
inline constexpr std::string_view docker_layer = "application/vnd.docker.image.rootfs.diff.tar";

}  // namespace ferry::media
