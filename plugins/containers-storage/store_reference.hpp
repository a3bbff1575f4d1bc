// What a containers-storage reference names, as skopeo reads it:
//   [DRIVER@GRAPHROOT+RUNROOT:OPTION,OPTION]NAME[:TAG][@DIGEST]
//   [...]@IMAGEID  or  [...]NAME@IMAGEID
// The bracketed store specifier is optional (storage.conf then says where the
// store is); a name without tag or digest means :latest, and short names are
// qualified as docker.io/library/... as skopeo does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::plugins::cstore {

struct StoreSpecifier {
  std::string driver;                // empty: from storage.conf
  std::string graph_root;            // empty: from storage.conf
  std::string run_root;              // empty: from storage.conf
  std::vector<std::string> options;  // "overlay.mount_program=/usr/bin/fuse-overlayfs"
  bool given = false;                // the reference had a [...] part
};

struct ImageName {
  StoreSpecifier store;
  std::optional<std::string> name;    // "docker.io/library/busybox:latest", with tag or digest
  std::optional<std::string> digest;  // the manifest digest, when NAME@DIGEST
  std::optional<std::string> id;      // 64 hex, when @IMAGEID
  std::string text;                   // as given, after the transport name

  // "[overlay@/var/lib/containers/storage+/run/containers/storage]docker.io/library/busybox:latest"
  std::string to_string() const;
};

// Throws sdk::Error(FERRY_E_INVALID_ARGUMENT) naming what is wrong.
ImageName parse_image_name(std::string_view text);

}  // namespace ferry::plugins::cstore
