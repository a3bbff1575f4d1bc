// ferry login REGISTRY / ferry logout REGISTRY
#include "../command_line.hpp"

#include <ferry/core/credentials.hpp>
#include <ferry/core/error.hpp>

#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace ferry::cli {
namespace {

// "TRANSPORT://host/ns" or "https://host" -> "host/ns": what auth files key on.
std::string registry_key(std::string r) {
  if (auto scheme = r.find("://"); scheme != std::string::npos) r = r.substr(scheme + 3);
  while (!r.empty() && r.back() == '/') r.pop_back();
  if (r.empty()) throw UsageError("a registry is required");
  return r;
}

std::string prompt(const std::string& what, bool echo) {
  if (!isatty(STDIN_FILENO))
    fail(FERRY_E_INVALID_ARGUMENT, what + " is required and standard input is not a terminal");
  std::cout << what << ": " << std::flush;
  termios old{};
  bool hide = !echo && tcgetattr(STDIN_FILENO, &old) == 0;
  if (hide) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (hide) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cout << "\n";
  }
  return line;
}

int run_login(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " login", "Login to a container registry");
  o.add_options()("authfile",
                  "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override",
                  cxxopts::value<std::string>())("compat-auth-file",
                                                 "path of a Docker-compatible config file to update instead",
                                                 cxxopts::value<std::string>())(
      "cert-dir", "use certificates at the specified path to access the registry",
      cxxopts::value<std::string>())("u,username", "Username for registry", cxxopts::value<std::string>())(
      "p,password", "Password for registry", cxxopts::value<std::string>())(
      "password-stdin", "Take the password from stdin")("get-login",
                                                        "Return the current login user for the registry")(
      "v,verbose", "Write more detailed information to stdout")(
      "tls-verify", "require HTTPS and verify certificates when accessing the registry",
      cxxopts::value<bool>()->implicit_value("true"));
  auto parsed = parse_command(app, command, o, args, 1, "Exactly one argument expected");
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  const std::string registry = registry_key(parsed->positional[0]);
  std::string explicit_file = f.count("compat-auth-file") ? f["compat-auth-file"].as<std::string>()
                              : f.count("authfile")       ? f["authfile"].as<std::string>()
                                                          : "";
  auto file = primary_auth_file(explicit_file);

  if (flag_on(f, "get-login")) {
    ferry_context ctx;
    if (!explicit_file.empty()) ctx.options["authfile"] = explicit_file;
    auto c = lookup_credentials(ctx, registry);
    if (!c) fail(FERRY_E_INVALID_ARGUMENT, "not logged into " + registry);
    std::cout << c->user << "\n";
    return 0;
  }
  if (f.count("password") && flag_on(f, "password-stdin"))
    throw UsageError("--password and --password-stdin are mutually exclusive");
  std::string user = f.count("username") ? f["username"].as<std::string>() : "";
  std::string password;
  if (flag_on(f, "password-stdin")) {
    if (user.empty()) throw UsageError("Must provide --username with --password-stdin");
    std::getline(std::cin, password, '\0');
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
  } else if (f.count("password")) {
    password = f["password"].as<std::string>();
  }
  if (user.empty()) user = prompt("Username", true);
  if (password.empty()) password = prompt("Password", false);
  if (user.empty()) throw UsageError("a username is required");

  ferry_context ctx;
  app.prepare_context(ctx);
  ctx.creds = user + ":" + password;
  if (f.count("cert-dir")) ctx.options["cert-dir"] = f["cert-dir"].as<std::string>();
  if (f.count("tls-verify")) ctx.options["tls-verify"] = f["tls-verify"].as<bool>() ? "true" : "false";
  app.plugins().login_transport().check_login(registry, ctx);
  store_credentials(file, registry, Credentials{user, password});
  if (flag_on(f, "verbose")) std::cout << "Used: " << file.string() << "\n";
  std::cout << "Login Succeeded!\n";
  return 0;
}

int run_logout(App& app, const std::string& command, std::vector<std::string> args) {
  cxxopts::Options o(program_name() + " logout", "Logout of a container registry");
  o.add_options()("authfile",
                  "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override",
                  cxxopts::value<std::string>())("compat-auth-file",
                                                 "path of a Docker-compatible config file to update instead",
                                                 cxxopts::value<std::string>())(
      "a,all", "Remove the cached credentials for all registries in the auth file")(
      "tls-verify", "require HTTPS and verify certificates when accessing the registry",
      cxxopts::value<bool>()->implicit_value("true"));
  bool all = false;
  for (const auto& a : args) all = all || a == "-a" || a == "--all";
  auto parsed = parse_command(app, command, o, args, all ? 0 : 1,
                              all ? "--all takes no arguments" : "Exactly one argument expected");
  if (!parsed) return 0;
  const auto& f = parsed->flags;
  std::string explicit_file = f.count("compat-auth-file") ? f["compat-auth-file"].as<std::string>()
                              : f.count("authfile")       ? f["authfile"].as<std::string>()
                                                          : "";
  auto file = primary_auth_file(explicit_file);
  if (all) {
    remove_all_credentials(file);
    std::cout << "Removed login credentials for all registries\n";
    return 0;
  }
  const std::string registry = registry_key(parsed->positional[0]);
  if (!remove_credentials(file, registry)) fail(FERRY_E_INVALID_ARGUMENT, "not logged into " + registry);
  std::cout << "Removed login credentials for " << registry << "\n";
  return 0;
}

}  // namespace

CommandFn login_command() { return &run_login; }
CommandFn logout_command() { return &run_logout; }

}  // namespace ferry::cli
