// ferry list-tags SOURCE-IMAGE
#include "../command_line.hpp"
#include "../image_flags.hpp"
#include "../inspect_output.hpp"

#include <ferry/core/docker_reference.hpp>
#include <ferry/core/error.hpp>

#include <iostream>

namespace ferry::cli {
namespace {

int run_list_tags(App& app, const std::string&, std::vector<std::string> args) {
  cxxopts::Options o("ferry list-tags", "List tags in the transport/repository specified by the SOURCE-IMAGE");
  o.custom_help("[command options] SOURCE-IMAGE");
  add_shared_flags(o);
  add_image_flags(o, "", FlagGroup::docker);
  add_retry_flags(o);
  auto parsed = parse_command(o, args, 1, "Exactly one argument expected");
  if (!parsed) return 0;
  const std::string& name = parsed->positional[0];
  ImageReference ref = app.parse_image_name(name);
  // A tag listing names a repository: the plugin fills in ":latest" for an
  // image, so the check is made on what the user wrote.
  if (name.rfind("docker://", 0) == 0) {
    DockerReference r = DockerReference::parse(name.substr(9), true);
    if (r.tag || r.digest)
      fail(FERRY_E_INVALID_ARGUMENT, "No tag or digest allowed in reference " + name.substr(9));
  }
  const std::string transport = ref.transport().name();
  if (transport != "docker" && transport != "docker-archive")
    fail(FERRY_E_INVALID_ARGUMENT, "Unsupported transport '" + transport +
                                       "' for tag listing. Only supported: docker, docker-archive");
  ferry_context ctx;
  app.prepare_context(ctx);
  apply_image_flags(parsed->flags, "", FlagGroup::docker, transport, app.plugins().installed_transports(), ctx);
  std::vector<std::string> tags;
  with_retries(parsed->flags, [&] { tags = ref.list_tags(ctx); });
  nlohmann::ordered_json out;
  if (transport == "docker")
    if (auto d = ref.docker_reference()) out["Repository"] = DockerReference::parse(*d, true).repository();
  out["Tags"] = tags;
  std::cout << go_json_indent(out) << "\n";
  return 0;
}

}  // namespace

CommandFn list_tags_command() { return &run_list_tags; }

}  // namespace ferry::cli
