// ferry standalone-sign [--passphrase-file F] MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT -o SIGNATURE
#include "../command_line.hpp"
#include "../signing/local_file.hpp"
#include "../signing/passphrase.hpp"
#include "../signing/signers.hpp"

#include <ferry/core/error.hpp>
#include <ferry/file_io/temp_file.hpp>

namespace ferry::cli {
namespace {

int run_standalone_sign(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " standalone-sign", "Create a signature using local files");
  o.add_options()("o,output", "output the signature to `SIGNATURE`", cxxopts::value<std::string>())(
      "passphrase-file", "file that contains a passphrase for the --sign-by key",
      cxxopts::value<std::string>());
  const std::string usage =
      "Usage: " + program_name() + " standalone-sign manifest docker-reference key-fingerprint -o signature";
  auto parsed = parse_command(app, command, o, args, 3, usage);
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  if (!f.count("output")) throw UsageError(usage);
  const auto& pos = parsed->positional;
  std::optional<std::string> passphrase;
  if (f.count("passphrase-file")) passphrase = read_passphrase_file(f["passphrase-file"].as<std::string>());
  const std::string manifest = read_local_file(pos[0], "Error reading " + pos[0]);
  std::string sig;
  try {
    sig = simple_signature(manifest, pos[1], pos[2], passphrase);
  } catch (const Error& e) {
    // skopeo: "Error creating signature: key … not found".
    std::string why = e.what();
    const std::string prefix = "creating signature: ";
    if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
    throw Error(e.code() == FERRY_E_NOT_FOUND ? FERRY_E_INVALID_ARGUMENT : e.code(),
                "Error creating signature: " + why);
  }
  const std::string out = f["output"].as<std::string>();
  try {
    file_io::write_file_atomically(out, sig, 0644);
  } catch (const Error& e) {
    throw Error(e.code(), "Error writing signature to " + out + ": " + e.what());
  }
  return 0;
}

}  // namespace

CommandFn standalone_sign_command() { return &run_standalone_sign; }

}  // namespace ferry::cli
