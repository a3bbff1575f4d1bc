// A layer's files put in place under its ID as the driver keeps them, or
// taken away. overlay: overlay/<id>/{diff,link,lower,work,merged} and the
// short name l/<link> -> ../<id>/diff that podman's mounts use; vfs: the
// whole tree at vfs/dir/<id>.
#pragma once

#include "store.hpp"

#include <filesystem>
#include <string>

namespace ferry::plugins::cstore {

// `staged` (overlay: the layer's diff directory; vfs: its whole tree) is
// renamed into place; it must be on the store's file system. Files of an ID
// that has no record (left by a writer that died) are replaced.
void install_layer(const Store& store, const std::string& id, const std::string& parent,
                   const std::filesystem::path& staged);

// Removes a layer's files and its tar-split.
void remove_layer_files(const Store& store, const std::string& id);
// Removes only the driver's directory of a layer (and overlay's short link).
void remove_layer_home(const Store& store, const std::string& id);

// A layer a writer died adding: containers/storage flags it incomplete first.
bool is_incomplete(const Record& layer);
// What containers/storage does when it loads layers to write: incomplete
// layers go, files and records (saved when any went).
void remove_incomplete_layers(const Store& store, Store::Session& session);

}  // namespace ferry::plugins::cstore
