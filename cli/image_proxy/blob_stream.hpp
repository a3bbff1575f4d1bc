// Copying a blob into a client's pipe in chunks, never holding the whole blob.
#pragma once

#include "image_proxy/pipe_table.hpp"

#include <ferry/compression/byte_reader.hpp>
#include <ferry/digest/digest.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace ferry::cli::image_proxy {

// GetBlob's worker: hashes what passes and, at the end, checks it against the
// size and digest the client asked for. Returns FinishPipe's error text:
// the read or write failure, "expected N bytes in blob, got M" or "corrupted
// blob, expecting DIGEST" (the latter winning when both apply, as in skopeo).
// `source_lock`, when set, is held around each read from the source.
std::optional<std::string> stream_verified(ByteReader& in, std::mutex* source_lock, const Digest& expected,
                                           uint64_t expected_size, PipeWriter& out);

// GetRawBlob's worker: the bytes unchecked. A failure is written to `error_fd`
// as {"code": "EPIPE"|"retryable"|"other", "message": "..."}.
void stream_raw(ByteReader& in, std::mutex* source_lock, PipeWriter& out, int error_fd);

}  // namespace ferry::cli::image_proxy
