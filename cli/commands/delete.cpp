// ferry delete IMAGE-NAME
#include "../command_line.hpp"
#include "../image_flags.hpp"

namespace ferry::cli {
namespace {

int run_delete(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " delete", "Delete image IMAGE-NAME");
  const DeclaredOptions declared = app.plugins().declared_options();
  add_transport_flags(o, declared, "", FERRY_OPTION_IMAGE);
  add_retry_flags(o);
  auto parsed = parse_command(app, command, o, args, 1, "Exactly one argument expected");
  if (!parsed) return 0;
  ImageReference ref = app.parse_image_name(parsed->positional[0]);
  ferry_context ctx;
  app.prepare_context(ctx);
  apply_transport_flags(parsed->flags, declared, "", FERRY_OPTION_IMAGE, ref.transport(), ctx);
  with_retries(parsed->flags, [&] { ref.delete_image(ctx); });
  return 0;
}

}  // namespace

CommandFn delete_command() { return &run_delete; }

}  // namespace ferry::cli
