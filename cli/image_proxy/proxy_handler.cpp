#include "image_proxy/proxy_handler.hpp"

#include "image_proxy/blob_stream.hpp"
#include "image_proxy/go_digest.hpp"
#include "image_proxy/go_json.hpp"
#include "image_proxy/skopeo_1_9_shapes.hpp"
#include "inspect/image_config.hpp"

#include <ferry/go_json/go_json.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/schema1_config.hpp>

#include <unistd.h>

namespace ferry::cli::image_proxy {
namespace {

// A request's own mistake: its text is the reply's error.
struct MethodError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr double max_safe_integer = 9007199254740991.0;  // 2^53 - 1
constexpr const char* oci_manifest_type = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* docker_manifest_type = "application/vnd.docker.distribution.manifest.v2+json";
constexpr const char* oci_config_type = "application/vnd.oci.image.config.v1+json";

void expect_count(const nlohmann::json& args, size_t n, const std::string& message) {
  if (args.size() != n) throw MethodError(message);
}

// parseUint64: a number no larger than JavaScript's largest safe integer.
uint64_t uint64_arg(const nlohmann::json& v) {
  if (!v.is_number()) throw MethodError("expecting numeric, not " + go_type_name(v));
  double f = go_float(v);
  if (f > max_safe_integer) throw MethodError("out of range integer for numeric " + go_format_f(f));
  return go_uint64(f);
}

std::string digest_arg(const nlohmann::json& v) {
  if (!v.is_string()) throw MethodError("expecting string blobid");
  std::string text = v.get<std::string>();
  if (auto bad = digest_parse_error(text)) throw MethodError(*bad);
  return text;
}

// skopeo 1.9.3's parseImageID: any number, truncated to uint32.
uint32_t image_id(const nlohmann::json& v) {
  if (!v.is_number()) throw MethodError("expecting integer imageid, not " + go_type_name(v));
  return go_uint32(go_float(v));
}

// Holds the image's lock only when its source cannot take concurrent calls.
std::mutex* source_lock(OpenedImage& image) { return image.concurrent ? nullptr : &image.calls; }

}  // namespace

ProxyHandler::ProxyHandler(ImageOpener open, Platform platform)
    : open_(std::move(open)), platform_(std::move(platform)) {}

const std::map<std::string, ProxyHandler::Method>& ProxyHandler::methods() {
  static const std::map<std::string, Method> table = {
      {"Initialize", &ProxyHandler::initialize},
      {"OpenImage", &ProxyHandler::open_image},
      {"OpenImageOptional", &ProxyHandler::open_image_optional},
      {"CloseImage", &ProxyHandler::close_image},
      {"GetManifest", &ProxyHandler::get_manifest},
      {"GetConfig", &ProxyHandler::get_config},
      {"GetFullConfig", &ProxyHandler::get_full_config},
      {"GetBlob", &ProxyHandler::get_blob},
      {"GetRawBlob", &ProxyHandler::get_raw_blob},
      {"GetLayerInfo", &ProxyHandler::get_layer_info},
      {"GetLayerInfoPiped", &ProxyHandler::get_layer_info_piped},
      {"FinishPipe", &ProxyHandler::finish_pipe},
  };
  return table;
}

bool ProxyHandler::handle(const Request& req, Reply& reply) {
  if (req.method == "Shutdown") return false;
  auto it = methods().find(req.method);
  try {
    if (it == methods().end()) throw MethodError("unknown method: " + req.method);
    (this->*(it->second))(req.args, reply);
  } catch (const std::exception& e) {
    for (int fd : reply.fds) close(fd);
    reply = Reply{};
    reply.error = e.what();
  }
  return true;
}

void ProxyHandler::require_initialized() const {
  if (!initialized_) throw MethodError("client error: must invoke Initialize");
}

std::shared_ptr<OpenedImage> ProxyHandler::image_arg(const nlohmann::json& v) const {
  uint32_t id = image_id(v);
  auto image = images_.find(id);
  if (!image) throw MethodError("no image " + std::to_string(id));
  return image;
}

const ResolvedImage& ProxyHandler::resolved(OpenedImage& image) {
  std::lock_guard<std::mutex> hold(image.calls);
  if (image.resolved) return *image.resolved;
  try {
    image.resolved = image.top ? resolve_image(*image.source, platform_, *image.top)
                               : resolve_image(*image.source, platform_);
  } catch (const Error&) {
    std::optional<std::string> no_instance;
    try {
      no_instance = no_instance_error(*image.source, platform_);
    } catch (const Error&) {
      // the first failure is the one to report
    }
    if (no_instance) throw MethodError(*no_instance);
    throw;
  }
  return *image.resolved;
}

void ProxyHandler::reply_bytes(Reply& reply, nlohmann::ordered_json value, std::string bytes) {
  StartedPipe p = pipes_.start([bytes = std::move(bytes)](PipeWriter& out) -> std::optional<std::string> {
    out.write(bytes.data(), bytes.size());
    return std::nullopt;
  });
  reply.value = std::move(value);
  reply.pipe_id = p.id;
  reply.fds.push_back(p.read_fd);
}

void ProxyHandler::initialize(const nlohmann::json& args, Reply& reply) {
  expect_count(args, 0, "invalid request, expecting zero arguments");
  if (initialized_) throw MethodError("already initialized");
  initialized_ = true;
  reply.value = protocol_version;
}

void ProxyHandler::open_image(const nlohmann::json& args, Reply& reply) { open(args, reply, false); }

// Upstream's OpenImageOptional (0.2.4): a missing image is handle 0, not an
// error; a missing store (no such layout directory) still is one.
void ProxyHandler::open_image_optional(const nlohmann::json& args, Reply& reply) { open(args, reply, true); }

void ProxyHandler::open(const nlohmann::json& args, Reply& reply, bool allow_missing) {
  require_initialized();
  expect_count(args, 1, "invalid request, expecting one argument");
  if (!args[0].is_string()) throw MethodError("expecting string imageref, not " + go_type_name(args[0]));
  std::shared_ptr<OpenedImage> image;
  try {
    image = open_(args[0].get<std::string>());
  } catch (const Error& e) {
    if (allow_missing && e.code() == FERRY_E_NOT_FOUND) {
      reply.value = 0;
      return;
    }
    throw;
  }
  reply.value = images_.add(std::move(image));
}

void ProxyHandler::close_image(const nlohmann::json& args, Reply&) {
  require_initialized();
  expect_count(args, 1, "invalid request, expecting one argument");
  image_arg(args[0]);
  // A pipe still streaming from it keeps the source open until it is done.
  images_.remove(image_id(args[0]));
}

void ProxyHandler::get_manifest(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  expect_count(args, 1, "invalid request, expecting one argument");
  auto image = image_arg(args[0]);
  const ResolvedImage& r = resolved(*image);
  // Clients see OCI only: Docker schema 2 converts cheaply, schema 1 does not.
  if (is_schema1_type(r.mime)) throw MethodError("unsupported legacy manifest MIME type: " + r.mime);
  if (r.mime != oci_manifest_type && r.mime != docker_manifest_type)
    throw MethodError("unsupported manifest MIME type: " + r.mime);
  // The digest is always the original's: what a pull by digest names.
  std::string digest = manifest_digest(r.manifest).str();
  std::string bytes =
      r.mime == oci_manifest_type ? r.manifest : serialize_image_manifest(r.parsed, oci_manifest_type);
  reply_bytes(reply, digest, std::move(bytes));
}

nlohmann::ordered_json ProxyHandler::config_view(OpenedImage& image) {
  const ResolvedImage& r = resolved(image);
  if (r.mime == oci_manifest_type && r.parsed.config.media_type != oci_config_type)
    throw MethodError("unsupported image-specific operation on artifact with type \"" +
                      r.parsed.config.media_type + "\"");
  std::string bytes;
  {
    std::lock_guard<std::mutex> hold(image.calls);
    if (r.parsed.config.size >= 0)
      bytes = read_small_blob(*image.source, r.parsed.config);
    else if (is_schema1_type(r.mime))
      bytes = schema1_image_config(r.manifest);
  }
  return image_spec_1_0_config(oci_config_view(bytes));
}

void ProxyHandler::get_full_config(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  expect_count(args, 1, "invalid request, expecting: [imgid]");
  auto image = image_arg(args[0]);
  reply_bytes(reply, nullptr, go_json::marshal(config_view(*image)));
}

// The container runtime part of the config only: a historical mistake of the
// protocol that GetFullConfig fixed, kept for old clients.
void ProxyHandler::get_config(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  expect_count(args, 1, "invalid request, expecting: [imgid]");
  auto image = image_arg(args[0]);
  nlohmann::ordered_json view = config_view(*image);
  reply_bytes(reply, nullptr,
              go_json::marshal(view.contains("config") ? view["config"] : nlohmann::ordered_json::object()));
}

void ProxyHandler::get_blob(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  if (args.size() != 3)
    throw MethodError("found " + std::to_string(args.size()) + " args, expecting (imgid, digest, size)");
  auto image = image_arg(args[0]);
  // In skopeo's order: the digest must be a string, then the size a number,
  // and only then is the digest parsed.
  if (!args[1].is_string()) throw MethodError("expecting string blobid");
  uint64_t size = uint64_arg(args[2]);
  std::string digest_text = digest_arg(args[1]);
  Digest digest = Digest::parse(digest_text);
  int64_t actual_size = -1;
  std::shared_ptr<ByteReader> blob;
  {
    std::lock_guard<std::mutex> hold(image->calls);
    blob = image->source->blob(digest_text, static_cast<int64_t>(size), "", &actual_size);
  }
  StartedPipe p = pipes_.start([image, blob, digest, size](PipeWriter& out) {
    return stream_verified(*blob, source_lock(*image), digest, size, out);
  });
  reply.value = actual_size;
  reply.pipe_id = p.id;
  reply.fds.push_back(p.read_fd);
}

// Upstream's GetRawBlob (0.2.8): no digest check and no FinishPipe; two
// descriptors, the data and an error channel, both closed when done.
void ProxyHandler::get_raw_blob(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  if (args.size() != 2)
    throw MethodError("found " + std::to_string(args.size()) + " args, expecting (imgid, digest)");
  auto image = image_arg(args[0]);
  std::string digest_text = digest_arg(args[1]);
  int64_t actual_size = -1;
  std::shared_ptr<ByteReader> blob;
  {
    std::lock_guard<std::mutex> hold(image->calls);
    blob = image->source->blob(digest_text, -1, "", &actual_size);
  }
  int data[2], errors[2];
  make_pipe(data);
  try {
    make_pipe(errors);
  } catch (...) {
    close(data[0]);
    close(data[1]);
    throw;
  }
  int error_fd = errors[1];
  try {
    pipes_.start_detached(data[1], [image, blob, error_fd](PipeWriter& out) {
      // Closed however the stream ends: the client waits for the end of both pipes.
      struct Closer {
        int fd;
        ~Closer() { close(fd); }
      } closer{error_fd};
      stream_raw(*blob, source_lock(*image), out, error_fd);
    });
  } catch (...) {
    close(data[0]);
    close(errors[0]);
    close(errors[1]);
    throw;  // data[1] was closed by start_detached
  }
  reply.value = actual_size;
  reply.fds = {data[0], errors[0]};
}

nlohmann::ordered_json ProxyHandler::layer_infos(OpenedImage& image) {
  const ResolvedImage& r = resolved(image);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  auto add = [&](const std::string& digest, int64_t size, const std::string& media_type) {
    nlohmann::ordered_json layer;
    layer["digest"] = digest;
    layer["size"] = size;
    layer["media_type"] = media_type;
    out.push_back(std::move(layer));
  };
  std::optional<std::vector<LayerForCopy>> substituted;
  {
    std::lock_guard<std::mutex> hold(image.calls);
    substituted = image.source->layers_for_copy(r.instance);
  }
  if (substituted) {
    for (const auto& l : *substituted) add(l.digest, l.size, l.media_type);
  } else {
    for (const auto& l : r.parsed.layers) add(l.digest.str(), l.size, l.media_type);
  }
  return out;
}

// Upstream's GetLayerInfo (0.2.5): the layers as the source serves them,
// inline in the reply.
void ProxyHandler::get_layer_info(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  if (args.size() != 1)
    throw MethodError("found " + std::to_string(args.size()) + " args, expecting (imgid)");
  reply.value = layer_infos(*image_arg(args[0]));
}

// Upstream's GetLayerInfoPiped (0.2.7): the same through a pipe, for images
// whose layer list does not fit in a packet.
void ProxyHandler::get_layer_info_piped(const nlohmann::json& args, Reply& reply) {
  require_initialized();
  if (args.size() != 1)
    throw MethodError("found " + std::to_string(args.size()) + " args, expecting (imgid)");
  reply_bytes(reply, nullptr, go_json::marshal(layer_infos(*image_arg(args[0]))));
}

void ProxyHandler::finish_pipe(const nlohmann::json& args, Reply&) {
  // skopeo indexes args[0] unchecked (and crashes on an empty list).
  if (args.empty()) throw MethodError("found 0 args, expecting (pipeid)");
  uint32_t id = static_cast<uint32_t>(uint64_arg(args[0]));
  std::optional<std::string> error;
  if (!pipes_.finish(id, error)) throw MethodError("finishpipe: no active pipe " + std::to_string(id));
  if (error) throw MethodError(*error);
}

}  // namespace ferry::cli::image_proxy
