// ferry inspect IMAGE-NAME
#include "../command_line.hpp"
#include "../image_flags.hpp"
#include "inspect/inspect_output.hpp"
#include "signing/signature_summary.hpp"

#include <ferry/docker_reference/docker_reference.hpp>
#include <ferry/core/error.hpp>
#include "inspect/go_template.hpp"
#include <ferry/core/image.hpp>
#include "inspect/image_config.hpp"
#include <ferry/core/schema1_config.hpp>

#include <iostream>

namespace ferry::cli {
namespace {

int run_inspect(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " inspect", "Inspect an image's manifest and configuration");
  const DeclaredOptions declared = app.plugins().declared_options();
  add_transport_flags(o, declared, "", FERRY_OPTION_IMAGE);
  add_retry_flags(o);
  o.add_options()("raw", "output raw manifest or configuration")("config", "output configuration")(
      "f,format", "Format the output to a Go template", cxxopts::value<std::string>())(
      "n,no-tags", "Do not list the available tags from the repository in the output")(
      "signatures", "output what the image's signatures claim (signer, name, digest), verifying nothing");
  auto parsed = parse_command(app, command, o, args, 1, "Exactly one argument expected");
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  bool raw = flag_on(f, "raw"), config = flag_on(f, "config");
  if (raw && f.count("format")) throw UsageError("raw output does not support format option");
  const bool signatures = flag_on(f, "signatures");
  if (signatures && (raw || config || f.count("format")))
    throw UsageError("--signatures cannot be used with --raw, --config or --format");

  const std::string& name = parsed->positional[0];
  auto wrap = [&](const Error& e) {
    return Error(e.code(), "Error parsing image name \"" + name + "\": " + e.what());
  };
  std::optional<ImageReference> parsed_ref;
  try {
    parsed_ref.emplace(app.parse_image_name(name));
  } catch (const Error& e) {
    throw wrap(e);
  }
  ImageReference& ref = *parsed_ref;
  ferry_context ctx;
  app.prepare_context(ctx);
  apply_transport_flags(f, declared, "", FERRY_OPTION_IMAGE, ref.transport(), ctx);

  with_retries(f, [&] {
    std::optional<ImageSource> opened;
    try {
      opened.emplace(ref, ctx);
    } catch (const Error& e) {
      throw wrap(e);  // skopeo reports a source it cannot open the same way
    }
    ImageSource& src = *opened;
    if (raw && !config) {
      std::cout << src.manifest().bytes << std::flush;  // exact bytes, no newline
      return;
    }
    RawManifest top = src.manifest();  // a missing image is reported as such, not as a manifest to parse
    ResolvedImage image = [&] {
      try {
        return resolve_image(src, app.platform(), std::move(top));
      } catch (const Error& e) {
        if (e.code() == FERRY_E_CANCELLED) throw;
        throw Error(e.code(), std::string("Error parsing manifest for image: ") + e.what());
      }
    }();
    if (signatures) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& sig : src.signatures(image.instance))
        list.push_back(describe_signature(sig, image.manifest));
      std::cout << go_json_indent(list) << "\n";
      return;
    }
    std::string config_bytes;
    if (image.parsed.config.size >= 0)
      config_bytes = read_small_blob(src, image.parsed.config);
    else if (is_schema1_type(image.mime))
      config_bytes = schema1_image_config(image.manifest);
    if (config && raw) {
      std::cout << config_bytes << std::flush;
      return;
    }
    if (config) {
      std::cout << go_json_indent(oci_config_view(config_bytes)) << "\n";
      return;
    }
    std::vector<std::string> tags;
    // RepoTags: the tags of the image's repository, where the transport has one.
    if (!flag_on(f, "no-tags") && (ref.transport().flags() & FERRY_TRANSPORT_REPOSITORY_TAGS) &&
        ref.can_list_tags())
      tags = ref.list_tags(ctx);
    std::optional<std::string> name;  // skopeo prints the repository, no tag
    if (auto d = ref.docker_reference())
      name = DockerReference::parse(*d, {.allow_tag_and_digest = true}).repository();
    auto doc = inspect_document(image, config_bytes, name, tags);
    if (f.count("format")) {
      std::cout << render_go_template(f["format"].as<std::string>(), inspect_template_view(doc))
                << std::flush;
      return;
    }
    std::cout << go_json_indent(doc) << "\n";
  });
  return 0;
}

}  // namespace

CommandFn inspect_command() { return &run_inspect; }

}  // namespace ferry::cli
