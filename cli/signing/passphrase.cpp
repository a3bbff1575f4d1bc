#include "signing/passphrase.hpp"

#include <ferry/core/error.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace ferry::cli {
std::string read_passphrase_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(FERRY_E_IO, "open " + path + ": " + go_errno_text(errno));
  std::string line;
  // A passphrase is the first line, without its \n only, as skopeo reads it;
  // a file of any size is not read whole.
  constexpr size_t max_length = 64 * 1024;
  char c;
  while (line.size() <= max_length && in.get(c) && c != '\n') line += c;
  if (line.size() > max_length) fail(FERRY_E_INVALID_ARGUMENT, "the passphrase in " + path + " is too long");
  return line;
}

std::string prompt_passphrase(const std::string& key_name) {
  if (!isatty(STDIN_FILENO))
    fail(FERRY_E_INVALID_ARGUMENT,
         "Cannot prompt for a passphrase for key " + key_name + ", standard input is not a TTY");
  std::cerr << "Passphrase for key " << key_name << ": " << std::flush;
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  return line;
}

}  // namespace ferry::cli
