// Passes a compressed blob through unchanged while hashing what it decompresses
// to: the layer's diff_id, learned in the same pass that copies it.
#pragma once

#include <ferry/compression/byte_reader.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/core/manifest.hpp>

#include <memory>
#include <optional>

namespace ferry {

class DiffIdTap final : public ByteReader {
 public:
  DiffIdTap(ByteReader& in, Compression c);
  ~DiffIdTap() override;
  size_t read(void* buf, size_t cap) override;
  std::string digest() const override { return in_.digest(); }
  // The uncompressed digest; set once the stream has been read to its end.
  const std::optional<Digest>& diff_id() const { return diff_id_; }

 private:
  struct Decoder;
  ByteReader& in_;
  std::unique_ptr<Decoder> decoder_;
  Hasher hasher_;
  std::optional<Digest> diff_id_;
};

}  // namespace ferry
