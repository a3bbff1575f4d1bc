// One pass over a layer blob for the ostree destination: decompress it (gzip,
// zstd or none, told by its first bytes), and while the tar streams by, hash
// it (the diff ID), record its tar-split and unpack it into a directory the
// way containers/image's ostree transport does (a plain untar: whiteout
// markers stay the ordinary files they are in the tar; device nodes, fifos
// and sockets, which an ostree tree cannot hold, are then removed).
#pragma once

#include <ferry/compression/byte_reader.hpp>

#include <ostree.h>

#include <cstdint>
#include <functional>
#include <string>

namespace ferry::plugins::ostree {

struct UnpackedLayer {
  std::string diff_id;  // "sha256:..." of the uncompressed tar
  int64_t diff_size = 0;
};

// `blob` is read to its end; `root` is an existing empty directory.
// `cancelled` is polled between reads. Throws sdk::Error: FERRY_E_INVALID_ARGUMENT
// for a malformed or hostile tar (names leaving the root, links escaping it).
UnpackedLayer unpack_layer(ByteReader& blob, const std::string& root, int tar_split_fd,
                           const std::function<bool()>& cancelled);

// The same pass, but the tar goes straight into `mtree` through libostree's
// archive import (content objects written to `repo`'s open transaction as
// they stream by): no unpacked copy. Entries are kept as containers/image's
// untar keeps them (whiteout markers as files; devices, fifos and sockets
// dropped); names that are absolute or hold "..", and paths through a
// symbolic link, are refused naming the entry.
UnpackedLayer import_layer(ByteReader& blob, OstreeRepo* repo, OstreeMutableTree* mtree, int tar_split_fd,
                           const std::function<bool()>& cancelled);

// Removes what an ostree commit cannot hold: device nodes, fifos and sockets.
void remove_special_files(const std::string& root);

}  // namespace ferry::plugins::ostree
