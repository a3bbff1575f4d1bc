// An image config checked against the Go types skopeo decodes it into
// (image-spec's v1.Image, Docker's image config): a member of another type is
// an error there, so it is one here, naming the member.
#include "inspect/image_config.hpp"
#include <ferry/json_input/fields.hpp>

#include <ferry/json_input/fields.hpp>
#include <ferry/json_input/parse.hpp>

namespace ferry {
namespace {

using nlohmann::json;
using Fields = json_input::Fields<json>;

// map[string]struct{}: ExposedPorts and Volumes.
void check_set(const Fields& runtime, const char* key) {
  const json* set = runtime.object(key);
  if (!set) return;
  for (const auto& [item, value] : set->items())
    if (!value.is_object() && !value.is_null())
      json_input::wrong_type(runtime.document(), runtime.path_of(key) + "." + item, "an object",
                             value.type());
}

void check_runtime_config(const Fields& runtime) {
  for (const char* key : {"User", "WorkingDir", "StopSignal"}) runtime.string(key);
  for (const char* key : {"Env", "Entrypoint", "Cmd"}) runtime.strings(key);
  runtime.string_map("Labels");
  runtime.boolean("ArgsEscaped");
  check_set(runtime, "ExposedPorts");
  check_set(runtime, "Volumes");
}

void check_image_config(const json& config, const std::string& document) {
  Fields image(config, document);
  for (const char* key :
       {"created", "author", "architecture", "os", "os.version", "variant", "docker_version"})
    image.string(key);
  image.strings("os.features");
  if (auto runtime = image.fields("config")) check_runtime_config(*runtime);
  if (auto rootfs = image.fields("rootfs")) {
    rootfs->string("type");
    rootfs->strings("diff_ids");
  }
  if (const json* history = image.array("history")) {
    for (size_t i = 0; i < history->size(); ++i) {
      Fields entry((*history)[i], document, "history[" + std::to_string(i) + "]");
      for (const char* key : {"created", "created_by", "author", "comment"}) entry.string(key);
      entry.boolean("empty_layer");
    }
  }
}

}  // namespace

json parse_image_config(std::string_view config_bytes, const std::string& document) {
  json config = json_input::parse<json>(config_bytes, json_input::limits::image_config, document);
  check_image_config(config, document);
  return config;
}

}  // namespace ferry
