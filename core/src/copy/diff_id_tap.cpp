#include "copy/diff_id_tap.hpp"
#include <ferry/core/error.hpp>

#include <zlib.h>
#include <zstd.h>

#include <vector>

namespace ferry {

// Push-mode decoders: fed whatever the copy reads, they hash their output.
struct DiffIdTap::Decoder {
  explicit Decoder(Compression c) : c(c), out(256 * 1024) {
    if (c == Compression::gzip) {
      if (inflateInit2(&z, 15 + 32) != Z_OK) fail(FERRY_E_INTERNAL, "zlib inflateInit2 failed");
    } else if (c == Compression::zstd) {
      d = ZSTD_createDStream();
      if (!d) fail(FERRY_E_INTERNAL, "cannot create a zstd decoder");
    }
  }
  ~Decoder() {
    if (c == Compression::gzip) inflateEnd(&z);
    if (d) ZSTD_freeDStream(d);
  }

  void feed(const void* data, size_t n, Hasher& h) {
    if (c == Compression::gzip) {
      z.next_in = static_cast<Bytef*>(const_cast<void*>(data));
      z.avail_in = static_cast<uInt>(n);
      while (z.avail_in > 0) {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        int rc = inflate(&z, Z_NO_FLUSH);
        h.update(out.data(), out.size() - z.avail_out);
        if (rc == Z_STREAM_END)
          inflateReset(&z);  // concatenated members
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
          fail(FERRY_E_IO,
               std::string("layer's gzip data is corrupt: ") + (z.msg ? z.msg : "inflate failed"));
        else if (rc == Z_BUF_ERROR && z.avail_out != 0)
          break;
      }
    } else {
      ZSTD_inBuffer ib{data, n, 0};
      while (ib.pos < ib.size) {
        ZSTD_outBuffer ob{out.data(), out.size(), 0};
        size_t rc = ZSTD_decompressStream(d, &ob, &ib);
        if (ZSTD_isError(rc))
          fail(FERRY_E_IO, std::string("layer's zstd data is corrupt: ") + ZSTD_getErrorName(rc));
        h.update(out.data(), ob.pos);
      }
    }
  }

  Compression c;
  z_stream z{};
  ZSTD_DStream* d = nullptr;
  std::vector<unsigned char> out;
};

DiffIdTap::DiffIdTap(ByteReader& in, Compression c)
    : in_(in), decoder_(c == Compression::none ? nullptr : std::make_unique<Decoder>(c)) {}

DiffIdTap::~DiffIdTap() = default;

size_t DiffIdTap::read(void* buf, size_t cap) {
  size_t n = in_.read(buf, cap);
  if (n > 0) {
    if (decoder_)
      decoder_->feed(buf, n, hasher_);
    else
      hasher_.update(buf, n);
  } else if (!diff_id_) {
    diff_id_ = hasher_.finish();
  }
  return n;
}

}  // namespace ferry
