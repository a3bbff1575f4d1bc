// skopeo's `sync` is defined over two transports, and its command line names
// them: `--src docker|dir|yaml`, `--dest docker|dir`. This is the one place
// the command line holds transport names (tests/integration/
// cli_names_no_transport.sh allows the lines marked "sync kind"); everything
// else in sync asks for a Kind.
#pragma once

#include <optional>
#include <string>

namespace ferry::cli::sync {

enum class Kind {
  registry,  // --src/--dest docker: a registry repository or image
  dir,       // --src/--dest dir: a tree of dir: images
  file,      // --src yaml: a sync file
};

inline constexpr const char* registry_transport = "docker";  // sync kind
inline constexpr const char* dir_transport = "dir";          // sync kind

// The word of --src / --dest; nullopt when it is none of sync's.
std::optional<Kind> source_kind(const std::string& word);
std::optional<Kind> destination_kind(const std::string& word);

// The transport a kind of image lives in (a sync file's images are a registry's).
const char* transport_of(Kind kind);

// The transport, its separator, then `within`.
std::string image_name(Kind kind, const std::string& within);
// What image_name put after the transport.
std::string within_transport(Kind kind, const std::string& image_name);

}  // namespace ferry::cli::sync
