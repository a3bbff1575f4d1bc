#include <ferry/compression/compression.hpp>
#include <ferry/plugin.hpp>

#include <zlib.h>
#include <zstd.h>
#ifdef FERRY_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace ferry {
namespace {

[[noreturn]] void fail(ferry_status code, const std::string& message) { throw sdk::Error(code, message); }

constexpr size_t kChunk = 256 * 1024;

// Shared shape of every codec reader: pull input into a buffer, feed the codec.
class CodecReader : public ByteReader {
 protected:
  explicit CodecReader(ByteReader& in) : in_(in), buf_(kChunk) {}
  // Refills the input buffer when empty; returns false at input end.
  bool refill() {
    if (pos_ < len_) return true;
    if (eof_) return false;
    len_ = in_.read(buf_.data(), buf_.size());
    pos_ = 0;
    if (len_ == 0) eof_ = true;
    return len_ > 0;
  }
  ByteReader& in_;
  std::vector<unsigned char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
};

class GzipDecoder final : public CodecReader {
 public:
  explicit GzipDecoder(ByteReader& in) : CodecReader(in) {
    // 15 + 32: accept gzip or zlib headers.
    if (inflateInit2(&z_, 15 + 32) != Z_OK) fail(FERRY_E_INTERNAL, "zlib inflateInit2 failed");
  }
  ~GzipDecoder() override { inflateEnd(&z_); }
  size_t read(void* out, size_t cap) override {
    for (;;) {
      if (!refill()) {
        if (!started_member_) return 0;  // clean end after a whole member
        fail(FERRY_E_IO, "gzip stream is truncated");
      }
      z_.next_in = buf_.data() + pos_;
      z_.avail_in = static_cast<uInt>(len_ - pos_);
      z_.next_out = static_cast<Bytef*>(out);
      z_.avail_out = static_cast<uInt>(cap);
      int rc = inflate(&z_, Z_NO_FLUSH);
      pos_ = len_ - z_.avail_in;
      size_t produced = cap - z_.avail_out;
      started_member_ = true;
      if (rc == Z_STREAM_END) {
        // Concatenated gzip members are one stream, as gunzip treats them.
        inflateReset(&z_);
        started_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(FERRY_E_IO, std::string("gzip data is corrupt: ") + (z_.msg ? z_.msg : "inflate failed"));
      }
      if (produced > 0) return produced;
    }
  }

 private:
  z_stream z_{};
  bool started_member_ = false;
};

#ifdef FERRY_HAVE_ISAL
// isa-l's inflate decodes about twice as fast as zlib's on x86-64, and
// unpacking gzip layers is what bounds conversions to docker-archive and
// recompression.
class IsalGzipDecoder final : public CodecReader {
 public:
  explicit IsalGzipDecoder(ByteReader& in) : CodecReader(in), s_(std::make_unique<inflate_state>()) {
    isal_inflate_init(s_.get());
    s_->crc_flag = ISAL_GZIP;  // parse the header, check the CRC and length
  }
  size_t read(void* out, size_t cap) override {
    for (;;) {
      if (!refill()) {
        if (!started_member_) return 0;  // clean end after a whole member
        fail(FERRY_E_IO, "gzip stream is truncated");
      }
      s_->next_in = buf_.data() + pos_;
      s_->avail_in = static_cast<uint32_t>(len_ - pos_);
      s_->next_out = static_cast<uint8_t*>(out);
      s_->avail_out = static_cast<uint32_t>(std::min<size_t>(cap, UINT32_MAX));
      const uint32_t room = s_->avail_out;
      int rc = isal_inflate(s_.get());
      pos_ = len_ - s_->avail_in;
      if (rc != ISAL_DECOMP_OK) fail(FERRY_E_IO, std::string("gzip data is corrupt: ") + problem(rc));
      started_member_ = true;
      if (s_->block_state == ISAL_BLOCK_FINISH) {
        // Concatenated gzip members are one stream, as gunzip treats them.
        isal_inflate_reset(s_.get());
        s_->crc_flag = ISAL_GZIP;
        started_member_ = false;
      }
      if (size_t produced = room - s_->avail_out; produced > 0) return produced;
    }
  }

 private:
  static const char* problem(int rc) {
    switch (rc) {
      case ISAL_INVALID_WRAPPER:
        return "incorrect header check";
      case ISAL_UNSUPPORTED_METHOD:
        return "unknown compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check";
      case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
      default:
        return "invalid deflate data";
    }
  }
  std::unique_ptr<inflate_state> s_;
  bool started_member_ = false;
};
#endif

#ifdef FERRY_HAVE_ISAL
// isa-l's level 1 deflate compresses several times faster than zlib's default
// level, for output a little larger: what a layer that must be gzipped on its
// way (an uncompressed source, a store that keeps layers unpacked) costs is
// mostly this. An explicit --dest-compress-level still gets zlib's levels.
class IsalGzipEncoder final : public CodecReader {
 public:
  explicit IsalGzipEncoder(ByteReader& in)
      : CodecReader(in), s_(std::make_unique<isal_zstream>()), level_buf_(ISAL_DEF_LVL1_DEFAULT) {
    isal_deflate_init(s_.get());
    s_->level = 1;
    s_->level_buf = level_buf_.data();
    s_->level_buf_size = static_cast<uint32_t>(level_buf_.size());
    s_->gzip_flag = IGZIP_GZIP;
  }
  size_t read(void* out, size_t cap) override {
    while (!finished_) {
      const bool more = refill();
      s_->next_in = buf_.data() + pos_;
      s_->avail_in = static_cast<uint32_t>(len_ - pos_);
      s_->end_of_stream = more ? 0 : 1;
      s_->flush = NO_FLUSH;
      s_->next_out = static_cast<uint8_t*>(out);
      s_->avail_out = static_cast<uint32_t>(std::min<size_t>(cap, UINT32_MAX));
      const uint32_t room = s_->avail_out;
      if (isal_deflate(s_.get()) != COMP_OK) fail(FERRY_E_INTERNAL, "gzip compression failed");
      pos_ = len_ - s_->avail_in;
      if (s_->internal_state.state == ZSTATE_END) finished_ = true;
      if (size_t produced = room - s_->avail_out; produced > 0) return produced;
    }
    return 0;
  }

 private:
  std::unique_ptr<isal_zstream> s_;
  std::vector<uint8_t> level_buf_;
  bool finished_ = false;
};
#endif

class GzipEncoder final : public CodecReader {
 public:
  GzipEncoder(ByteReader& in, int level) : CodecReader(in) {
    // 15 + 16: write a gzip header.
    if (deflateInit2(&z_, level ? level : 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      fail(FERRY_E_INTERNAL, "zlib deflateInit2 failed");
  }
  ~GzipEncoder() override { deflateEnd(&z_); }
  size_t read(void* out, size_t cap) override {
    while (!finished_) {
      bool more = refill();
      z_.next_in = buf_.data() + pos_;
      z_.avail_in = static_cast<uInt>(len_ - pos_);
      z_.next_out = static_cast<Bytef*>(out);
      z_.avail_out = static_cast<uInt>(cap);
      int rc = deflate(&z_, more ? Z_NO_FLUSH : Z_FINISH);
      pos_ = len_ - z_.avail_in;
      if (rc == Z_STREAM_END)
        finished_ = true;
      else if (rc != Z_OK && rc != Z_BUF_ERROR)
        fail(FERRY_E_INTERNAL, "gzip compression failed");
      size_t produced = cap - z_.avail_out;
      if (produced > 0) return produced;
    }
    return 0;
  }

 private:
  z_stream z_{};
  bool finished_ = false;
};

class ZstdDecoder final : public CodecReader {
 public:
  explicit ZstdDecoder(ByteReader& in) : CodecReader(in), d_(ZSTD_createDStream()) {
    if (!d_) fail(FERRY_E_INTERNAL, "cannot create a zstd decoder");
  }
  ~ZstdDecoder() override { ZSTD_freeDStream(d_); }
  size_t read(void* out, size_t cap) override {
    for (;;) {
      if (!refill()) {
        if (frame_open_) fail(FERRY_E_IO, "zstd stream is truncated");
        return 0;
      }
      ZSTD_inBuffer ib{buf_.data(), len_, pos_};
      ZSTD_outBuffer ob{out, cap, 0};
      size_t rc = ZSTD_decompressStream(d_, &ob, &ib);
      if (ZSTD_isError(rc)) fail(FERRY_E_IO, std::string("zstd data is corrupt: ") + ZSTD_getErrorName(rc));
      pos_ = ib.pos;
      frame_open_ = rc != 0;
      if (ob.pos > 0) return ob.pos;
    }
  }

 private:
  ZSTD_DStream* d_;
  bool frame_open_ = false;
};

class ZstdEncoder final : public CodecReader {
 public:
  ZstdEncoder(ByteReader& in, int level, unsigned threads) : CodecReader(in), c_(ZSTD_createCCtx()) {
    if (!c_) fail(FERRY_E_INTERNAL, "cannot create a zstd encoder");
    ZSTD_CCtx_setParameter(c_, ZSTD_c_compressionLevel, level ? level : 3);
    if (threads > 1) {
      // Worker threads where libzstd was built with them; harmless otherwise.
      ZSTD_CCtx_setParameter(c_, ZSTD_c_nbWorkers, static_cast<int>(threads));
      // Small jobs keep every worker busy on modest layers and bound memory:
      // the default job is several times the window, tens of MiB per worker.
      ZSTD_CCtx_setParameter(c_, ZSTD_c_jobSize, 2 << 20);
    }
  }
  ~ZstdEncoder() override { ZSTD_freeCCtx(c_); }
  size_t read(void* out, size_t cap) override {
    while (!finished_) {
      bool more = refill();
      ZSTD_inBuffer ib{buf_.data(), len_, pos_};
      ZSTD_outBuffer ob{out, cap, 0};
      size_t rc = ZSTD_compressStream2(c_, &ob, &ib, more ? ZSTD_e_continue : ZSTD_e_end);
      if (ZSTD_isError(rc))
        fail(FERRY_E_INTERNAL, std::string("zstd compression failed: ") + ZSTD_getErrorName(rc));
      pos_ = ib.pos;
      if (!more && rc == 0) finished_ = true;
      if (ob.pos > 0) return ob.pos;
    }
    return 0;
  }

 private:
  ZSTD_CCtx* c_;
  bool finished_ = false;
};

}  // namespace

Compression sniff_compression(std::string_view h) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(h[i]); };
  if (h.size() >= 2 && b(0) == 0x1f && b(1) == 0x8b) return Compression::gzip;
  if (h.size() >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd) return Compression::zstd;
  return Compression::none;
}

std::unique_ptr<ByteReader> decompressing_reader(ByteReader& in, Compression c) {
  switch (c) {
#ifdef FERRY_HAVE_ISAL
    case Compression::gzip:
      return std::make_unique<IsalGzipDecoder>(in);
#else
    case Compression::gzip:
      return std::make_unique<GzipDecoder>(in);
#endif
    case Compression::zstd:
      return std::make_unique<ZstdDecoder>(in);
    default:
      fail(FERRY_E_NOT_SUPPORTED, "cannot decompress a layer of unknown compression");
  }
}

std::unique_ptr<ByteReader> compressing_reader(ByteReader& in, Compression c, int level, unsigned threads) {
  switch (c) {
    case Compression::gzip:
#ifdef FERRY_HAVE_ISAL
      if (level == 0) return std::make_unique<IsalGzipEncoder>(in);
#endif
      return std::make_unique<GzipEncoder>(in, level);
    case Compression::zstd:
      return std::make_unique<ZstdEncoder>(in, level, threads);
    default:
      fail(FERRY_E_NOT_SUPPORTED, "cannot compress a layer with this algorithm");
  }
}

Compression compression_from_name(std::string_view name) {
  if (name == "gzip") return Compression::gzip;
  if (name == "zstd") return Compression::zstd;
  if (name == "zstd:chunked") return Compression::zstd;
  if (name == "none" || name == "uncompressed") return Compression::none;
  fail(FERRY_E_INVALID_ARGUMENT,
       "unsupported compression format \"" + std::string(name) + "\": choose gzip or zstd");
}

}  // namespace ferry
