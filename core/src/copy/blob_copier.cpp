#include "copy/blob_copier.hpp"
#include "copy/blob_flights.hpp"
#include <ferry/compression/compression.hpp>
#include "copy/diff_id_tap.hpp"
#include "copy/digesting_reader.hpp"
#include <ferry/core/error.hpp>
#include <ferry/core/log.hpp>
#include <ferry/core/usable_cores.hpp>
#include "copy/prefetch_reader.hpp"
#include "copy/progress_reader.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <semaphore>
#include <string>
#include <thread>

namespace ferry {
namespace {

// How conversions (the CPU-bound jobs) share the machine's cores.
struct ConversionPlan {
  unsigned encoder_threads = 1;  // zstd workers per layer
  bool prefetch = false;         // read, and convert, on threads of their own ahead of the writes
};

// Copies one blob; says whether the destination had it already.
CopyProgress::BlobEnd copy_one(ImageSource& src, ImageDestination& dst, BlobJob& job,
                               const ConversionPlan& plan, CopyProgress* progress, uint64_t id) {
  const Descriptor& d = job.source;
  job.result = d;
  const std::string what = "blob " + d.digest.str();
  Compression from = layer_compression(d.media_type);
  if (job.want_diff_id && from == Compression::none) job.diff_id = d.digest;
  bool need_tap = job.want_diff_id && !job.diff_id && !job.recompress;
  std::optional<BlobFlight> flight;
  if (!job.recompress && job.wait_for_others)
    flight.emplace(dst.reference().transport().name() + " " + d.digest.str());
  if (!job.recompress && !need_tap && dst.has_blob(d.digest.str(), d.size, d.media_type)) {
    log_message(LogLevel::debug, what + " already exists at the destination; skipped");
    return CopyProgress::BlobEnd::skipped;
  }
  auto raw = src.blob(d.digest.str(), d.size, d.media_type);
  std::optional<ProgressReader> counted;
  ByteReader* from_source = raw.get();
  if (progress) from_source = &counted.emplace(*raw, *progress, id);
  DigestingReader verified(*from_source, d.digest, d.size, what);
  if (need_tap) {
    DiffIdTap tap(verified, from);
    dst.put_blob(d.digest.str(), d.size, d.media_type, job.is_config, tap);
    if (verified.digest().empty() || !tap.diff_id())
      fail(FERRY_E_INTERNAL, "the destination did not read " + what + " to its end");
    job.diff_id = tap.diff_id();
    job.result.size = static_cast<int64_t>(verified.bytes());  // schema 1 gives no sizes
    job.bytes_read = verified.bytes();
    return CopyProgress::BlobEnd::copied;
  }
  if (!job.recompress) {
    dst.put_blob(d.digest.str(), d.size, d.media_type, job.is_config, verified);
    // A destination that stopped early would have skipped the digest check.
    if (verified.digest().empty())
      fail(FERRY_E_INTERNAL, "the destination did not read " + what + " to its end");
    job.result.size = static_cast<int64_t>(verified.bytes());
    job.bytes_read = verified.bytes();
    return CopyProgress::BlobEnd::copied;
  }
  std::unique_ptr<ByteReader> plain, packed;
  std::optional<DigestingReader> plain_digest;
  std::optional<PrefetchReader> fetched;
  ByteReader* stage = &verified;
  if (from != Compression::none) {
    // Reading and checking the source on a thread of its own leaves the
    // decompressor's thread only the decompression: three stages that the
    // cores share out, where two were unequal.
    if (plan.prefetch) stage = &fetched.emplace(*stage, size_t{256} << 10);
    plain = decompressing_reader(*stage, from);
    stage = plain.get();
  }
  if (job.want_diff_id && !job.diff_id) {
    plain_digest.emplace(*stage, std::nullopt, -1, what + " (uncompressed)");
    stage = &*plain_digest;
  }
  if (*job.recompress != Compression::none) {
    packed = compressing_reader(*stage, *job.recompress, job.level, plan.encoder_threads);
    stage = packed.get();
  }
  std::optional<PrefetchReader> ahead;
  if (plan.prefetch) stage = &ahead.emplace(*stage);
  DigestingReader written(*stage, std::nullopt, -1, what + " (converted)");
  std::string new_digest;
  dst.put_blob("", -1, job.target_media_type, job.is_config, written, &new_digest);
  if (written.digest().empty() || verified.digest().empty())
    fail(FERRY_E_INTERNAL, "the destination did not read " + what + " to its end");
  if (plain_digest) job.diff_id = Digest::parse(plain_digest->digest());
  job.result.digest = Digest::parse(written.digest());
  job.result.size = static_cast<int64_t>(written.bytes());
  job.result.media_type = job.target_media_type;
  job.bytes_read = verified.bytes();
  return CopyProgress::BlobEnd::copied;
}

}  // namespace

uint64_t next_blob_id() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

void copy_blobs(ImageSource& src, ImageDestination& dst, std::vector<BlobJob>& jobs, unsigned parallel,
                CopyProgress* progress) {
  const unsigned cores = usable_cores();
  bool concurrent = src.concurrent_blobs() && (dst.flags() & FERRY_DEST_CONCURRENT_PUT_BLOB);
  unsigned workers = concurrent ? std::max(1u, std::min<unsigned>(parallel, jobs.size())) : 1;
  // A destination whose writes are CPU work gets no more at once than cores:
  // more would hold memory and open source streams that sit unread.
  if (dst.flags() & FERRY_DEST_CPU_BOUND) workers = std::min(workers, cores);
  log_message(LogLevel::debug, "copying " + std::to_string(jobs.size()) +
                                   (jobs.size() == 1 ? " blob, " : " blobs, ") + std::to_string(workers) +
                                   " at a time");

  // No more conversions at once than cores: more only hold memory (a zstd
  // encoder's window and tables) without finishing sooner. Cores that layers
  // alone cannot keep busy go to zstd's workers, or to converting ahead of
  // the destination's writes.
  const auto converting = static_cast<unsigned>(
      std::count_if(jobs.begin(), jobs.end(), [](const BlobJob& j) { return j.recompress.has_value(); }));
  const unsigned at_once = std::max(1u, std::min({workers, cores, converting}));
  ConversionPlan plan;
  plan.encoder_threads = cores / at_once;
  plan.prefetch = at_once < cores;
  std::counting_semaphore<> conversion_slots(cores);

  // With more conversions than can run at once, the biggest go first: a big
  // layer started last would leave the other cores idle while it finishes.
  // A sequential destination keeps the manifest's order (a docker-archive
  // tar lists layers in it).
  std::vector<size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (workers > 1 && converting > at_once)
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const bool ca = jobs[a].recompress.has_value(), cb = jobs[b].recompress.has_value();
      if (ca != cb) return ca;
      return ca && jobs[a].source.size > jobs[b].source.size;
    });

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex mutex;

  auto work = [&] {
    for (;;) {
      size_t n = next++;
      if (n >= jobs.size() || failed) return;
      const size_t i = order[n];
      const uint64_t id = next_blob_id();
      if (progress) progress->blob_started(id, jobs[i].source, jobs[i].is_config);
      try {
        CopyProgress::BlobEnd end;
        if (jobs[i].recompress) {
          conversion_slots.acquire();
          struct Release {
            std::counting_semaphore<>& slots;
            ~Release() { slots.release(); }
          } release{conversion_slots};
          end = copy_one(src, dst, jobs[i], plan, progress, id);
        } else {
          end = copy_one(src, dst, jobs[i], {}, progress, id);
        }
        if (progress) progress->blob_finished(id, end);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failed.exchange(true)) first_error = std::current_exception();
        return;
      }
    }
  };
  if (workers == 1) {
    work();
  } else {
    std::vector<std::jthread> threads;
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back(work);
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace ferry
