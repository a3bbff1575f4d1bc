// ferry list-tags SOURCE-IMAGE
#include "../command_line.hpp"
#include "../image_flags.hpp"
#include "inspect/inspect_output.hpp"

#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/core/error.hpp>

#include <iostream>

namespace ferry::cli {
namespace {

int run_list_tags(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " list-tags",
                     "List tags in the transport/repository specified by the SOURCE-IMAGE");
  const DeclaredOptions declared = app.plugins().declared_options();
  add_transport_flags(o, declared, "", FERRY_OPTION_IMAGE);
  add_retry_flags(o);
  auto parsed = parse_command(app, command, o, args, 1, "Exactly one argument expected");
  if (!parsed) return 0;
  const std::string& name = parsed->positional[0];
  ImageReference ref = app.parse_image_name(name);
  const Transport& transport = ref.transport();
  if (!ref.can_list_tags()) {
    std::string supported;  // loading every plugin is fine on this error path
    for (const auto& t : app.plugins().installed_transports()) {
      try {
        if (app.plugins().transport(t).can_list_tags()) supported += (supported.empty() ? "" : ", ") + t;
      } catch (const Error&) {
      }
    }
    fail(FERRY_E_INVALID_ARGUMENT,
         "Unsupported transport '" + transport.name() + "' for tag listing. Only supported: " + supported);
  }
  const bool repository = (transport.flags() & FERRY_TRANSPORT_REPOSITORY_TAGS) != 0;
  ferry_context ctx;
  app.prepare_context(ctx);
  // The command names a repository: its transport refuses a tag or digest.
  ctx.options["repository-only"] = "true";
  apply_transport_flags(parsed->flags, declared, "", FERRY_OPTION_IMAGE, transport, ctx);
  std::vector<std::string> tags;
  with_retries(parsed->flags, [&] { tags = ref.list_tags(ctx); });
  nlohmann::ordered_json out;
  if (repository)
    if (auto d = ref.docker_reference())
      out["Repository"] = DockerReference::parse(*d, {.allow_tag_and_digest = true}).repository();
  out["Tags"] = tags;
  std::cout << go_json_indent(out) << "\n";
  return 0;
}

}  // namespace

CommandFn list_tags_command() { return &run_list_tags; }

}  // namespace ferry::cli
