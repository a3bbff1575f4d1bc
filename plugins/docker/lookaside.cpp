#include "lookaside.hpp"

#include <ferry/file_io/directory.hpp>
#include <ferry/file_io/file_reader.hpp>
#include <ferry/file_io/temp_file.hpp>
#include <ferry/plugin.hpp>

#include <Poco/URI.h>

#include <filesystem>
#include <optional>
#include <system_error>

namespace ferry::plugins::docker {
namespace {

bool only_of(const std::string& s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string::npos;
}

// Creates dir and its missing parents with mode 0755, as skopeo does.
void make_directories(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.empty() || std::filesystem::is_directory(dir, ec)) return;
  make_directories(dir.parent_path());
  file_io::make_directory(dir, 0755);
}

}  // namespace

Lookaside::Lookaside(std::string base, const std::string& repo_path, const std::string& digest) {
  auto colon = digest.find(':');
  std::string algorithm = digest.substr(0, colon == std::string::npos ? 0 : colon);
  std::string hex = colon == std::string::npos ? "" : digest.substr(colon + 1);
  if (!only_of(algorithm, "abcdefghijklmnopqrstuvwxyz0123456789") || !only_of(hex, "0123456789abcdef"))
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "invalid manifest digest \"" + digest + "\" for a signature path");
  base_ = std::move(base) + "/" + repo_path + "@" + algorithm + "=" + hex;
}

std::string Lookaside::url(uint32_t n) const { return base_ + "/signature-" + std::to_string(n); }

std::string Lookaside::scheme() const {
  auto colon = base_.find("://");
  return colon == std::string::npos ? "" : base_.substr(0, colon);
}

std::string Lookaside::file_path(uint32_t n) const {
  // file:///dir or file://host/dir: the path starts at the first "/" after
  // "//", percent-escapes decoded (as Go's url.Parse does).
  std::string rest = url(n).substr(std::string("file://").size());
  auto slash = rest.find('/');
  std::string path;
  try {
    Poco::URI::decode(slash == std::string::npos ? "/" : rest.substr(slash), path);
  } catch (const Poco::Exception& e) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT,
                     "Invalid signature storage URL " + base_ + ": " + e.displayText());
  }
  return path;
}

std::optional<std::string> Lookaside::read_http(HttpClient& http, const std::string& url) const {
  const std::string what = "reading signature from " + url;
  Url target;
  try {
    target = Url::parse(url);
  } catch (const std::invalid_argument& e) {
    throw sdk::Error(FERRY_E_INVALID_ARGUMENT, what + ": " + e.what());
  }
  try {
    // The lookaside may be a web server that redirects, as Go's client follows.
    for (int redirects = 0;; ++redirects) {
      auto resp = http.send("GET", target, {});
      int st = resp->status();
      if (st == 404) return std::nullopt;
      if (st == 200) {
        if (resp->content_length() > static_cast<int64_t>(max_signature_size))
          throw sdk::Error(FERRY_E_INVALID_ARGUMENT, what + ": the signature is larger than " +
                                                         std::to_string(max_signature_size >> 20) + " MiB");
        return resp->read_all(max_signature_size);
      }
      bool redirect = st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
      if (redirect && !resp->header("Location").empty() && redirects < 10) {
        target = target.resolve(resp->header("Location"));
        continue;
      }
      throw sdk::Error(FERRY_E_IO, what + ": status " + std::to_string(st) + " (" + resp->reason() + ")");
    }
  } catch (const NetworkError& e) {
    throw sdk::Error(FERRY_E_RETRYABLE, what + ": " + e.what());
  }
}

std::vector<std::string> Lookaside::read(HttpClient& http) const {
  const std::string s = scheme();
  std::vector<std::string> out;
  for (uint32_t n = 1;; ++n) {
    std::optional<std::string> sig;
    if (s == "file") {
      try {
        sig = file_io::read_small_file(file_path(n), max_signature_size);
      } catch (const sdk::Error& e) {
        throw sdk::Error(e.code(), "reading signature from " + url(n) + ": " + e.what());
      }
    } else if (s == "http" || s == "https") {
      sig = read_http(http, url(n));
    } else {
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Unsupported scheme when reading signature from " + url(n));
    }
    if (!sig) return out;
    if (n > max_signatures)
      throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "reading signatures from " + base_ + ": more than " +
                                                     std::to_string(max_signatures) + " signatures");
    out.push_back(std::move(*sig));
  }
}

void Lookaside::check_writable() const {
  const std::string s = scheme();
  if (s == "file") return;
  if (s == "http" || s == "https")
    throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Writing directly to a " + s + " lookaside " + url(1) +
                                                " is not supported. Configure a lookaside-staging: location");
  throw sdk::Error(FERRY_E_INVALID_ARGUMENT, "Unsupported scheme when writing signature to " + url(1));
}

void Lookaside::write(const std::vector<std::string>& signatures) const {
  if (signatures.empty()) return;
  check_writable();
  for (uint32_t n = 1; n <= signatures.size(); ++n) {
    std::filesystem::path path = file_path(n);
    try {
      make_directories(path.parent_path());
      file_io::write_file_atomically(path, signatures[n - 1], 0644);
    } catch (const sdk::Error& e) {
      throw sdk::Error(e.code(), "writing signature to " + url(n) + ": " + e.what());
    }
  }
  // Signatures an earlier push left beyond these would be read as this image's.
  for (auto n = static_cast<uint32_t>(signatures.size()) + 1;; ++n) {
    std::error_code ec;
    if (!std::filesystem::remove(file_path(n), ec)) {
      if (ec) throw sdk::Error(FERRY_E_IO, "deleting signature " + url(n) + ": " + ec.message());
      return;
    }
  }
}

void Lookaside::remove() const {
  if (scheme() != "file")
    throw sdk::Error(FERRY_E_NOT_SUPPORTED, "Unsupported scheme when deleting signature from " + url(1));
  for (uint32_t n = 1;; ++n) {
    std::error_code ec;
    if (!std::filesystem::remove(file_path(n), ec)) {
      if (ec) throw sdk::Error(FERRY_E_IO, "deleting signature " + url(n) + ": " + ec.message());
      return;
    }
  }
}

}  // namespace ferry::plugins::docker
