// What `sync` copies: the images a SOURCE names (a registry image or
// repository, a tree of dir: images, or a sync file), each paired with the
// destination skopeo would give it. Tag lists are read here; nothing is
// copied.
#pragma once

#include "../app.hpp"
#include "sync/sync_kinds.hpp"
#include "sync/sync_runner.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::cli::sync {

// What a sync file's registry entry changes in the source context.
struct SourceSettings {
  std::optional<std::string> creds;  // "user:password"
  std::optional<bool> tls_verify;
  std::optional<std::string> cert_dir;
};

struct SyncRequest {
  Kind source_kind = Kind::registry;
  std::string source;  // the SOURCE argument
  Kind dest_kind = Kind::registry;
  std::string destination;  // the DESTINATION argument
  bool scoped = false;
  std::string append_suffix;
};

struct SyncPlan {
  std::vector<SourceSettings> groups;  // indexed by SyncImage::group
  std::vector<SyncImage> images;
};

// Builds the plan. `context` fills a source context for a group's settings;
// `log` prints skopeo's progress lines ("Getting tags", "Processing repo", …).
// Errors of a whole source fail; errors inside a sync file's repository are
// logged and that repository is skipped, as skopeo does.
SyncPlan plan_sync(App& app, const SyncRequest& request,
                   const std::function<void(ferry_context&, const SourceSettings&)>& context,
                   const LogFn& log);

}  // namespace ferry::cli::sync
