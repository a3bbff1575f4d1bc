// ferry sync --src docker|dir|yaml --dest docker|dir SOURCE DESTINATION
#include "../command_line.hpp"
#include "../copy_flags.hpp"
#include "../image_flags.hpp"
#include "../log_line.hpp"
#include "../source_policy.hpp"
#include "sync_sources.hpp"

#include "sync/dir_destination.hpp"
#include "sync/shard.hpp"
#include "sync/sync_report.hpp"
#include "sync/sync_runner.hpp"

#include <ferry/core/copy_image.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/usable_cores.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace ferry::cli {
namespace {

using namespace ferry::cli::sync;

// sync speaks to registries and dir: trees only: their options are its flags.
DeclaredOptions sync_transport_options(const DeclaredOptions& all) {
  DeclaredOptions out;
  for (const char* t : {registry_transport, dir_transport})
    if (auto it = all.find(t); it != all.end()) out.insert(*it);
  return out;
}

// Images at once: a registry round trip or ingest leaves a core idle, so
// twice the cores, within what one registry serves well.
unsigned default_parallel_images() {
  const unsigned cores = usable_cores();
  return std::clamp(2 * cores, 2u, 8u);
}

cxxopts::Options sync_flags(const DeclaredOptions& declared) {
  cxxopts::Options o(program_name() + " sync", "Synchronize one or more images from one location to another");
  add_transport_flags(o, declared, "", FERRY_OPTION_SHARED);
  add_transport_flags(o, declared, "src-", FERRY_OPTION_SOURCE);
  add_transport_flags(o, declared, "dest-", FERRY_OPTION_DESTINATION);
  add_retry_flags(o);
  o.add_options()("s,src", "SOURCE transport type", cxxopts::value<std::string>())(
      "d,dest", "DESTINATION transport type", cxxopts::value<std::string>())(
      "scoped", "Images at DESTINATION are prefix using the full source image path as scope")(
      "append-suffix", "String to append to DESTINATION tags", cxxopts::value<std::string>())(
      "digestfile", "Write the digests and Image References of the resulting images to the specified file",
      cxxopts::value<std::string>())("a,all", "Copy all images if SOURCE-IMAGE is a list")(
      "dry-run", "Run without actually copying data")("keep-going",
                                                      "Do not abort the sync if any image copy fails");
  add_shared_copy_flags(o, SharedFlagsFor::sync);
  o.add_options("ferry")("parallel-images", "Images copied at once (default: twice the cores, 2 to 8)",
                         cxxopts::value<unsigned>(), "uint")(
      "image-parallel-copies", "Maximum number of image layers to be copied (pulled/pushed) simultaneously",
      cxxopts::value<unsigned>()->default_value("6"),
      "uint")("force", "Copy images the destination already holds (by default they are skipped)")(
      "report", "Write one JSON line per image (source, destination, status, digest, bytes, seconds) to FILE",
      cxxopts::value<std::string>())("only-failed", "Sync only the images REPORT lists as failed",
                                     cxxopts::value<std::string>())(
      "shard",
      "Sync only slice I of N (I/N, 0-based), or 'auto' from a Kubernetes Indexed Job or Slurm array",
      cxxopts::value<std::string>());
  return o;
}

class SyncCommand {
 public:
  SyncCommand(App& app, const cxxopts::ParseResult& f, const DeclaredOptions& declared)
      : app_(app), f_(f), declared_(declared), policy_(app.policy()) {}

  int run(const std::vector<std::string>& positional) {
    SyncRequest r = request(positional);
    CopyOptions copy = copy_options(r.dest_kind);
    const Selection selection = selection_flags();
    RunSettings run = run_settings();
    check_transport_flags(r);

    auto log = [](const char* level, const std::string& message, const Fields& fields) {
      std::cerr << log_line(level, message, fields) << std::flush;
    };
    if (run.dry_run) log("warning", "Running in dry-run mode", {});
    SyncPlan plan;
    with_retries(f_, [&] {
      plan = plan_sync(
          app_, r,
          [&](ferry_context& ctx, const SourceSettings& s) { source_context(ctx, s, registry_transport); },
          log);
    });
    name_destinations(plan, r.dest_kind);
    select(plan, selection, r.dest_kind);
    check_destinations(plan, r.dest_kind);

    std::ofstream digests;
    std::optional<ReportWriter> report;
    if (!run.dry_run) {
      if (f_.count("digestfile")) {
        digests.open(f_["digestfile"].as<std::string>(), std::ios::trunc);
        if (!digests)
          fail(FERRY_E_IO, "Error creating digest file: cannot write " + f_["digestfile"].as<std::string>());
        run.digest_file = &digests;
      }
      if (f_.count("report")) run.report = &report.emplace(f_["report"].as<std::string>());
    }

    const RunSummary done = run_sync(
        plan.images, run,
        [&](const SyncImage& img, std::ostream* progress) {
          return copy_one(img, r.dest_kind, plan.groups[img.group], copy, progress);
        },
        log);
    const std::string counts =
        std::to_string(done.synced) + " images from " + std::to_string(plan.groups.size()) + " sources";
    log("info", run.dry_run ? "Would have synced " + counts : "Synced " + counts, {});
    if (done.failed) fail(FERRY_E_IO, "Sync failed due to previous reported error(s) for one or more images");
    return 0;
  }

 private:
  SyncRequest request(const std::vector<std::string>& positional) {
    SyncRequest r;
    const std::string src = f_.count("src") ? f_["src"].as<std::string>() : "";
    const std::string dest = f_.count("dest") ? f_["dest"].as<std::string>() : "";
    if (src.empty()) throw UsageError("A source transport must be specified");
    const auto source_kind = sync::source_kind(src);
    if (!source_kind) throw UsageError("\"" + src + "\" is not a valid source transport");
    if (dest.empty()) throw UsageError("A destination transport must be specified");
    const auto dest_kind = destination_kind(dest);
    if (!dest_kind) throw UsageError("\"" + dest + "\" is not a valid destination transport");
    if (*source_kind == Kind::dir && *dest_kind == Kind::dir)
      throw UsageError("sync from 'dir' to 'dir' not implemented, consider using rsync instead");
    r.source_kind = *source_kind;
    r.dest_kind = *dest_kind;
    r.source = positional[0];
    r.destination = positional[1];
    r.scoped = flag_on(f_, "scoped");
    if (f_.count("append-suffix")) r.append_suffix = f_["append-suffix"].as<std::string>();
    return r;
  }

  CopyOptions copy_options(Kind dest_kind) {
    CopyOptions o;
    apply_shared_copy_flags(f_, o);
    if (flag_on(f_, "all")) o.multi_arch = MultiArch::all;
    o.platform = app_.platform();
    o.parallel = std::max(1u, f_["image-parallel-copies"].as<unsigned>());
    // All images go to one registry: a blob another image is sending is
    // waited for and then found or mounted. A dir: image has its own files.
    o.wait_for_shared_blobs = dest_kind == Kind::registry;
    return o;
  }

  RunSettings run_settings() {
    RunSettings run;
    run.parallel =
        f_.count("parallel-images") ? f_["parallel-images"].as<unsigned>() : default_parallel_images();
    if (run.parallel == 0) throw UsageError("--parallel-images must be at least 1");
    run.keep_going = flag_on(f_, "keep-going");
    run.dry_run = flag_on(f_, "dry-run");
    run.progress = &std::cout;
    return run;
  }

  // Conflicting --src-*/--dest-* flags are one usage error, before any
  // registry is asked, not a failure of every image.
  void check_transport_flags(const SyncRequest& r) {
    ferry_context src, dst;
    source_context(src, {}, transport_of(r.source_kind));
    dest_context(dst, transport_of(r.dest_kind));
  }

  // --only-failed and --shard, read before any registry is asked.
  struct Selection {
    std::optional<std::set<std::string>> failed;
    std::optional<Shard> shard;
  };
  Selection selection_flags() {
    Selection s;
    if (f_.count("shard"))
      s.shard = parse_shard(f_["shard"].as<std::string>(), [](const char* n) { return std::getenv(n); });
    if (f_.count("only-failed")) s.failed = failed_sources(f_["only-failed"].as<std::string>());
    std::error_code ec;
    if (s.failed && f_.count("report") &&
        std::filesystem::equivalent(f_["only-failed"].as<std::string>(), f_["report"].as<std::string>(), ec))
      throw UsageError(
          "--only-failed and --report name the same file; the new report would erase the old one");
    return s;
  }

  // What this run copies of the whole plan.
  static void select(SyncPlan& plan, const Selection& s, Kind dest_kind) {
    std::erase_if(plan.images, [&](const SyncImage& img) {
      return (s.failed && !s.failed->count(img.source)) ||
             (s.shard && !s.shard->holds(shard_key(dest_kind, img.destination)));
    });
  }

  // Every destination is a valid name (before any image moves: skopeo finds
  // a bad one when it reaches it); registry names are written out as skopeo
  // prints them (":latest" added).
  void name_destinations(SyncPlan& plan, Kind kind) {
    for (auto& img : plan.images) {
      try {
        ImageReference ref = parse(img.destination);
        if (kind == Kind::registry) img.destination = ref.full_name();
      } catch (const Error& e) {
        fail(FERRY_E_INVALID_ARGUMENT, "Cannot obtain a valid image reference for transport \"" +
                                           std::string(transport_of(kind)) + "\" and reference \"" +
                                           (kind == Kind::registry ? "//" : "") +
                                           within_transport(kind, img.destination) + "\": " + e.what());
      }
    }
  }

  // What this run copies, before it copies anything: one source per
  // destination (a source named twice is copied once; skopeo would copy
  // two sources to one name one after the other, the last one winning),
  // and no dir: destination that exists already.
  static void check_destinations(SyncPlan& plan, Kind kind) {
    std::map<std::string, std::string> source_of;
    std::erase_if(plan.images, [&](const SyncImage& img) {
      auto [it, added] = source_of.emplace(img.destination, img.source);
      if (!added && it->second != img.source)
        fail(FERRY_E_INVALID_ARGUMENT, "both " + it->second + " and " + img.source + " would be synced to " +
                                           img.destination +
                                           " (--scoped keeps the source's path in the name)");
      return !added;
    });
    if (kind == Kind::dir)
      for (const auto& img : plan.images) refuse_existing(within_transport(Kind::dir, img.destination));
  }

  void source_context(ferry_context& ctx, const SourceSettings& s, const std::string& transport) {
    app_.prepare_context(ctx);
    apply_transport_flags(f_, declared_, "src-", FERRY_OPTION_SOURCE, app_.plugins().transport(transport),
                          ctx);
    if (s.cert_dir) ctx.options["cert-dir"] = *s.cert_dir;
    if (s.tls_verify) ctx.options["tls-verify"] = *s.tls_verify ? "true" : "false";
    if (s.creds) {
      ctx.options.erase("no-creds");
      ctx.options["creds"] = ctx.creds = *s.creds;
    }
  }

  void dest_context(ferry_context& ctx, const std::string& transport) {
    app_.prepare_context(ctx);
    apply_transport_flags(f_, declared_, "dest-", FERRY_OPTION_DESTINATION,
                          app_.plugins().transport(transport), ctx);
  }

  ImageReference parse(const std::string& name) {
    std::lock_guard lock(app_mutex_);  // the plugin host loads plugins on first use
    return app_.parse_image_name(name);
  }

  CopiedImage copy_one(const SyncImage& img, Kind dest_kind, const SourceSettings& settings, CopyOptions o,
                       std::ostream* progress) {
    ImageReference src = parse(img.source);
    ImageReference dst = parse(img.destination);
    ferry_context src_ctx, dst_ctx;
    {
      std::lock_guard lock(app_mutex_);
      source_context(src_ctx, settings, src.transport().name());
      dest_context(dst_ctx, dst.transport().name());
    }
    apply_source_policy(policy_, src, o);
    std::optional<DirDestination> made;
    if (dest_kind == Kind::dir) made.emplace(within_transport(Kind::dir, img.destination));
    std::optional<LineProgress> lines;
    if (progress) o.progress = &lines.emplace(*progress);
    // A registry that holds these very manifest bytes already has the image.
    if (dest_kind == Kind::registry && !f_.count("force"))
      o.destination_manifest = [&]() -> std::optional<std::string> {
        try {
          ImageSource existing(dst, dst_ctx);
          return existing.manifest().bytes;
        } catch (const Error&) {
          return std::nullopt;  // absent or unreadable: copy
        }
      };
    CopyResult result;
    with_retries(f_, [&] {
      ImageSource source(src, src_ctx);
      ImageDestination dest(dst, dst_ctx);
      result = copy_image(source, dest, o);
    });
    if (made) made->keep();
    return CopiedImage{result.skipped, result.digest.str(), result.bytes};
  }

  App& app_;
  const cxxopts::ParseResult& f_;
  const DeclaredOptions& declared_;
  const Policy policy_;
  std::mutex app_mutex_;
};

int run_sync_command(App& app, const std::string& command, std::vector<std::string> args) {
  const DeclaredOptions declared = sync_transport_options(app.plugins().declared_options());
  auto opts = sync_flags(declared);
  rewrite_creds_aliases(args);
  auto parsed = parse_command(app, command, opts, args, 2, "Exactly two arguments expected");
  if (!parsed) return 0;
  return SyncCommand(app, parsed->flags, declared).run(parsed->positional);
}

}  // namespace

CommandFn sync_command() { return &run_sync_command; }

}  // namespace ferry::cli
