// ferry generate-sigstore-key --output-prefix PREFIX [--passphrase-file F]
//
// A new cosign-compatible key pair: PREFIX.private (encrypted, mode 0600) and
// PREFIX.pub. Existing files are never overwritten.
#include "../command_line.hpp"
#include "../signing/passphrase.hpp"

#include <ferry/core/error.hpp>
#include <ferry/signature/sigstore_key.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace ferry::cli {
namespace {

// Creates `path` exclusively; a file that exists already is an error.
void write_new_file(const std::string& path, const std::string& bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) fail(FERRY_E_IO, "Error writing key to " + path + ": " + std::strerror(errno));
  const bool ok =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    fail(FERRY_E_IO, "Error writing key to " + path);
  }
}

int run_generate_sigstore_key(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " generate-sigstore-key",
                     "Generate a sigstore public/private key pair");
  o.add_options()("output-prefix", "write the keys to PREFIX.pub and PREFIX.private",
                  cxxopts::value<std::string>())(
      "passphrase-file", "read a passphrase for the private key from PATH", cxxopts::value<std::string>());
  auto parsed = parse_command(app, command, o, args, 0,
                              "Usage: " + program_name() + " generate-sigstore-key --output-prefix PREFIX");
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  if (!f.count("output-prefix")) throw UsageError("--output-prefix must be specified");
  const std::string prefix = f["output-prefix"].as<std::string>();
  const std::string private_path = prefix + ".private", public_path = prefix + ".pub";
  for (const auto& p : {private_path, public_path})
    if (::access(p.c_str(), F_OK) == 0) fail(FERRY_E_INVALID_ARGUMENT, "Refusing to overwrite existing " + p);
  const std::string passphrase = f.count("passphrase-file")
                                     ? read_passphrase_file(f["passphrase-file"].as<std::string>())
                                     : prompt_passphrase(private_path);
  const auto pair = signature::generate_sigstore_key(passphrase);
  write_new_file(private_path, pair.private_pem, 0600);
  write_new_file(public_path, pair.public_pem, 0644);
  std::cout << "Key written to \"" << private_path << "\" and \"" << public_path << "\"\n";
  return 0;
}

}  // namespace

CommandFn generate_sigstore_key_command() { return &run_generate_sigstore_key; }

}  // namespace ferry::cli
