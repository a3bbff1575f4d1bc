#include "proxy_settings.hpp"

#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace ferry::plugins::docker {

namespace {

std::string env(const char* upper, const char* lower) {
  const char* v = std::getenv(upper);
  if (!v || !*v) v = std::getenv(lower);
  return v ? v : "";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1" || host == "[::1]";
}

// NO_PROXY: "*", or comma-separated host names (matching sub-domains too),
// ".domain" suffixes, IP addresses, each optionally with ":port".
bool excluded(const std::string& host, uint16_t port) {
  std::stringstream list(lower(env("NO_PROXY", "no_proxy")));
  std::string h = lower(host);
  for (std::string item; std::getline(list, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty()) continue;
    if (item == "*") return true;
    if (auto colon = item.rfind(':');
        colon != std::string::npos && item.find(']') == std::string::npos && item.find(':') == colon) {
      if (item.substr(colon + 1) != std::to_string(port)) continue;
      item.resize(colon);
    }
    if (item.front() == '.') item.erase(0, 1);
    if (h == item) return true;
    if (h.size() > item.size() && h.compare(h.size() - item.size(), item.size(), item) == 0 &&
        h[h.size() - item.size() - 1] == '.')
      return true;
  }
  return false;
}

}  // namespace

std::optional<ProxyServer> proxy_for(const std::string& scheme, const std::string& host, uint16_t port) {
  if (is_loopback(host) || excluded(host, port)) return std::nullopt;
  std::string value = scheme == "https" ? env("HTTPS_PROXY", "https_proxy") : env("HTTP_PROXY", "http_proxy");
  if (value.empty()) return std::nullopt;
  if (value.find("://") == std::string::npos) value = "http://" + value;
  try {
    Poco::URI uri(value);
    ProxyServer p;
    p.host = uri.getHost();
    p.port = uri.getPort() ? uri.getPort() : 80;
    auto info = uri.getUserInfo();
    auto colon = info.find(':');
    Poco::URI::decode(info.substr(0, colon), p.user);
    if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), p.password);
    if (p.host.empty()) return std::nullopt;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;  // an unusable proxy setting is ignored, as Go does
  }
}

}  // namespace ferry::plugins::docker
