// ferry untrusted-signature-dump-without-verification SIGNATURE (hidden, as in skopeo)
//
// What a simple signature claims, with nothing checked: for looking at a
// signature, never for trusting one.
#include "../command_line.hpp"
#include "../signing/local_file.hpp"
#include "../signing/signature_summary.hpp"

#include <ferry/core/error.hpp>

#include <iostream>

namespace ferry::cli {
namespace {

int run_untrusted_signature_dump(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " untrusted-signature-dump-without-verification",
                     "Dump contents of a signature WITHOUT VERIFYING IT");
  auto parsed =
      parse_command(app, command, o, args, 1,
                    "Usage: " + program_name() + " untrusted-signature-dump-without-verification signature");
  if (!parsed) return 0;
  const std::string& file = parsed->positional[0];
  const std::string sig = read_local_file(file, "Error reading signature from " + file);
  try {
    std::cout << untrusted_signature_dump(sig) << "\n";
  } catch (const Error& e) {
    throw Error(e.code(), std::string("Error decoding untrusted signature: ") + e.what());
  }
  return 0;
}

}  // namespace

CommandFn untrusted_signature_dump_command() { return &run_untrusted_signature_dump; }

}  // namespace ferry::cli
