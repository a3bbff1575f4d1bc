#include "sync_sources.hpp"

#include "sync/destination_name.hpp"
#include "sync/sync_file.hpp"
#include "sync/tag_filter.hpp"

#include <ferry/core/error.hpp>
#include <ferry/core/stop.hpp>
#include <ferry/digest/digest.hpp>
#include <ferry/docker_reference/docker_reference.hpp>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace ferry::cli::sync {
namespace {

// A dir: tree deeper than this is not a tree of images.
constexpr int max_dir_depth = 64;

class Planner {
 public:
  Planner(App& app, const SyncRequest& r,
          const std::function<void(ferry_context&, const SourceSettings&)>& context, const LogFn& log)
      : app_(app), r_(r), context_(context), log_(log) {}

  SyncPlan run() {
    switch (r_.source_kind) {
      case Kind::registry:
        from_registry_argument();
        break;
      case Kind::dir:
        from_directory();
        break;
      case Kind::file:
        from_sync_file();
    }
    return std::move(plan_);
  }

 private:
  // One source (skopeo's "repository descriptor"): its images are numbered 1..N.
  void add_group(const SourceSettings& settings,
                 const std::vector<std::pair<std::string, std::string>>& images) {
    const size_t group = plan_.groups.size();
    plan_.groups.push_back(settings);
    size_t n = 0;
    for (const auto& [source, suffix] : images) {
      SyncImage img;
      img.source = source;
      img.destination = destination_name(r_.dest_kind, r_.destination, destination_suffix(suffix, r_.scoped),
                                         r_.append_suffix);
      img.group = group;
      img.number = ++n;
      img.of = images.size();
      plan_.images.push_back(std::move(img));
    }
  }

  std::vector<std::string> list_tags(const DockerReference& repo, const SourceSettings& settings) {
    log_("info", "Getting tags", {{"image", repo.repository()}});
    ImageReference ref = app_.parse_image_name(image_name(Kind::registry, repo.repository()));
    ferry_context ctx;
    context_(ctx, settings);
    ctx.options["repository-only"] = "true";
    try {
      return ref.list_tags(ctx);
    } catch (const Error& e) {
      fail(e.code(), "Error determining repository tags for repo " + repo.repository() + ": " + e.what());
    }
  }

  // Every tag of `repo` that `keep` accepts, as (source, suffix) pairs.
  std::vector<std::pair<std::string, std::string>> tagged(
      const DockerReference& repo, const SourceSettings& settings,
      const std::function<bool(const std::string&)>& keep) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& tag : list_tags(repo, settings)) {
      if (!is_valid_tag(tag)) {
        log_("error", "Error creating a tagged reference from registry tag list: invalid tag \"" + tag + "\"",
             {{"repo", repo.repository()}, {"tag", tag}});
        continue;
      }
      if (!keep(tag)) continue;
      DockerReference t = repo;
      t.tag = tag;
      out.emplace_back(image_name(Kind::registry, t.str()), t.str());
    }
    return out;
  }

  void from_registry_argument() {
    DockerReference named;
    try {
      named = DockerReference::parse(r_.source);
    } catch (const Error& e) {
      fail(FERRY_E_INVALID_ARGUMENT, "Cannot obtain a valid image reference for transport \"" +
                                         std::string(registry_transport) + "\" and reference \"" + r_.source +
                                         "\": " + e.what());
    }
    const bool tagged_ref = named.tag || named.digest;
    log_("info", "Tag presence check", {{"imagename", r_.source}, {"tagged", tagged_ref ? "true" : "false"}});
    std::vector<std::pair<std::string, std::string>> images;
    if (tagged_ref)
      images.emplace_back(image_name(Kind::registry, named.str()), named.str());
    else
      images = tagged(named, {}, [](const std::string&) { return true; });
    if (images.empty()) fail(FERRY_E_NOT_FOUND, "No images to sync found in \"" + r_.source + "\"");
    add_group({}, images);
  }

  // skopeo walks the tree in lexical order and does not enter an image's
  // directory; an image's name is its resolved path less SOURCE as written.
  void walk(const fs::path& dir, int depth, std::vector<std::pair<std::string, std::string>>& images) {
    if (depth > max_dir_depth)
      fail(FERRY_E_INVALID_ARGUMENT, "Error walking the path \"" + r_.source + "\": deeper than " +
                                         std::to_string(max_dir_depth) + " directories");
    std::error_code ec;
    if (fs::is_regular_file(dir / "manifest.json", ec)) {
      const std::string resolved = fs::canonical(dir, ec).string();
      if (ec)
        fail(FERRY_E_IO, "Error walking the path \"" + r_.source + "\": cannot resolve " + dir.string());
      std::string suffix = resolved.rfind(r_.source, 0) == 0 ? resolved.substr(r_.source.size()) : resolved;
      if (suffix.empty()) suffix = base_name(r_.source);
      images.emplace_back(image_name(Kind::dir, resolved), suffix);
      return;
    }
    std::vector<fs::path> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec) && !it->is_symlink(ec)) children.push_back(it->path());
    if (ec)
      fail(FERRY_E_IO, "Error walking the path \"" + r_.source + "\": " + dir.string() + ": " + ec.message());
    std::sort(children.begin(), children.end());
    for (const auto& c : children) walk(c, depth + 1, images);
  }

  void from_directory() {
    std::error_code ec;
    if (!fs::exists(r_.source, ec))
      fail(FERRY_E_INVALID_ARGUMENT, "Invalid source directory specified: " + r_.source + " does not exist");
    std::vector<std::pair<std::string, std::string>> images;
    walk(r_.source, 0, images);
    if (images.empty()) fail(FERRY_E_NOT_FOUND, "No images to sync found in \"" + r_.source + "\"");
    add_group({}, images);
  }

  void from_sync_file() {
    for (const auto& registry : read_sync_file(r_.source)) {
      SourceSettings settings{std::nullopt, registry.tls_verify, registry.cert_dir};
      if (registry.credentials)
        settings.creds = registry.credentials->first + ":" + registry.credentials->second;
      if (registry.repositories.empty())
        log_("warning", "No images specified for registry", {{"registry", registry.registry}});
      for (const auto& rule : registry.repositories) repository(registry.registry, rule, settings);
    }
  }

  void repository(const std::string& registry, const RepositoryRule& rule, const SourceSettings& settings) {
    const Fields where{{"registry", registry}, {"repo", rule.repository}};
    DockerReference repo;
    try {
      repo = DockerReference::parse(registry + "/" + rule.repository);
      if (repo.tag || repo.digest)
        fail(FERRY_E_INVALID_ARGUMENT, "input names a reference, not a repository");
    } catch (const Error& e) {
      log_("error", "Error parsing repository name, skipping", where);
      log_("error", e.what(), {});
      return;
    }
    log_("info", "Processing repo", where);
    std::vector<std::pair<std::string, std::string>> images;
    try {
      if (rule.kind == RepositoryRule::Kind::images && !rule.refs.empty()) {
        images = named_refs(repo, rule.refs);
      } else {
        log_("info", "Querying registry for image tags", where);
        images = tagged(repo, settings, tag_filter(rule));
      }
    } catch (const Error& e) {
      if (stop_requested() != StopReason::none) throw;  // a signal or timeout is no repository's error
      log_("error", "Error processing repo, skipping", where);
      log_("error", e.what(), {});
      return;
    }
    if (images.empty()) {
      log_("warning", "No refs to sync found", where);
      return;
    }
    add_group(settings, images);
  }

  // `images: {repo: [tag or digest, …]}`: a digest first, then a tag.
  std::vector<std::pair<std::string, std::string>> named_refs(const DockerReference& repo,
                                                              const std::vector<std::string>& refs) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& ref : refs) {
      DockerReference r = repo;
      try {
        r.digest = Digest::parse(ref).str();
      } catch (const Error&) {
        if (!is_valid_tag(ref)) {
          log_("error", "Error parsing ref, skipping", {{"ref", ref}});
          log_("error", "invalid tag \"" + ref + "\"", {});
          continue;
        }
        r.tag = ref;
      }
      out.emplace_back(image_name(Kind::registry, r.str()), r.str());
    }
    return out;
  }

  App& app_;
  const SyncRequest& r_;
  const std::function<void(ferry_context&, const SourceSettings&)>& context_;
  const LogFn& log_;
  SyncPlan plan_;
};

}  // namespace

SyncPlan plan_sync(App& app, const SyncRequest& request,
                   const std::function<void(ferry_context&, const SourceSettings&)>& context,
                   const LogFn& log) {
  return Planner(app, request, context, log).run();
}

}  // namespace ferry::cli::sync
