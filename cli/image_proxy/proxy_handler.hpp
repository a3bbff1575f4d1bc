// The proxy's methods: what each request does and what its reply holds. The
// replies of the methods skopeo 1.9.3 knows (protocol 0.2.3) are skopeo's,
// word for word; the methods later protocol versions added (OpenImageOptional,
// GetLayerInfo, GetLayerInfoPiped, GetRawBlob) follow upstream's newest
// definition.
#pragma once

#include "image_proxy/image_table.hpp"
#include "image_proxy/pipe_table.hpp"
#include "image_proxy/request.hpp"

#include <ferry/core/manifest.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {
class App;
}

namespace ferry::cli::image_proxy {

// The protocol version Initialize announces.
inline constexpr const char* protocol_version = "0.2.3";

struct Reply {
  nlohmann::ordered_json value;  // null unless the method returns one
  uint32_t pipe_id = 0;
  std::vector<int> fds;  // sent with the reply, then closed
  std::optional<std::string> error;
};

// Opens an image for OpenImage: parses the name, applies the command's image
// flags for its transport.
using ImageOpener = std::function<std::shared_ptr<OpenedImage>(const std::string& name)>;

class ProxyHandler {
 public:
  ProxyHandler(ImageOpener open, Platform platform);

  // Runs one request. Returns false for Shutdown: no reply, stop serving.
  // Failures become reply.error; nothing a peer sends throws out of here.
  bool handle(const Request& req, Reply& reply);

 private:
  using Method = void (ProxyHandler::*)(const nlohmann::json& args, Reply& reply);
  void initialize(const nlohmann::json& args, Reply& reply);
  void open_image(const nlohmann::json& args, Reply& reply);
  void open_image_optional(const nlohmann::json& args, Reply& reply);
  void close_image(const nlohmann::json& args, Reply& reply);
  void get_manifest(const nlohmann::json& args, Reply& reply);
  void get_config(const nlohmann::json& args, Reply& reply);
  void get_full_config(const nlohmann::json& args, Reply& reply);
  void get_blob(const nlohmann::json& args, Reply& reply);
  void get_raw_blob(const nlohmann::json& args, Reply& reply);
  void get_layer_info(const nlohmann::json& args, Reply& reply);
  void get_layer_info_piped(const nlohmann::json& args, Reply& reply);
  void finish_pipe(const nlohmann::json& args, Reply& reply);

  void open(const nlohmann::json& args, Reply& reply, bool allow_missing);
  void require_initialized() const;
  std::shared_ptr<OpenedImage> image_arg(const nlohmann::json& v) const;
  const ResolvedImage& resolved(OpenedImage& image);
  nlohmann::ordered_json config_view(OpenedImage& image);
  nlohmann::ordered_json layer_infos(OpenedImage& image);
  void reply_bytes(Reply& reply, nlohmann::ordered_json value, std::string bytes);

  static const std::map<std::string, Method>& methods();

  ImageOpener open_;
  Platform platform_;
  bool initialized_ = false;
  ImageTable images_;
  PipeTable pipes_;
};

}  // namespace ferry::cli::image_proxy
