#include "image_proxy/blob_stream.hpp"

#include "image_proxy/go_json.hpp"

#include <ferry/go_json/go_json.hpp>
#include <ferry/core/error.hpp>

#include <unistd.h>

#include <cerrno>
#include <vector>

namespace ferry::cli::image_proxy {
namespace {

constexpr size_t chunk_size = 128 * 1024;

size_t read_chunk(ByteReader& in, std::mutex* source_lock, std::vector<char>& buf) {
  if (!source_lock) return in.read(buf.data(), buf.size());
  std::lock_guard<std::mutex> hold(*source_lock);
  return in.read(buf.data(), buf.size());
}

const char* error_code_of(const Error& e) {
  if (std::string_view(e.what()).ends_with(": broken pipe")) return "EPIPE";
  if (e.code() == FERRY_E_RETRYABLE) return "retryable";
  return "other";
}

}  // namespace

std::optional<std::string> stream_verified(ByteReader& in, std::mutex* source_lock, const Digest& expected,
                                           uint64_t expected_size, PipeWriter& out) {
  Hasher hasher(expected.algorithm());
  std::vector<char> buf(chunk_size);
  uint64_t total = 0;
  try {
    for (size_t n; (n = read_chunk(in, source_lock, buf)) > 0;) {
      hasher.update(buf.data(), n);
      out.write(buf.data(), n);
      total += n;
    }
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  std::optional<std::string> error;
  if (total != expected_size)
    error = "expected " + std::to_string(expected_size) + " bytes in blob, got " + std::to_string(total);
  if (!(hasher.finish() == expected)) error = "corrupted blob, expecting " + expected.str();
  return error;
}

void stream_raw(ByteReader& in, std::mutex* source_lock, PipeWriter& out, int error_fd) {
  std::vector<char> buf(chunk_size);
  try {
    for (size_t n; (n = read_chunk(in, source_lock, buf)) > 0;) out.write(buf.data(), n);
  } catch (const std::exception& e) {
    const auto* ferry_error = dynamic_cast<const Error*>(&e);
    nlohmann::ordered_json report;
    report["code"] = ferry_error ? error_code_of(*ferry_error) : "other";
    report["message"] = e.what();
    std::string text = go_json::marshal(report);
    for (size_t done = 0; done < text.size();) {
      ssize_t w = ::write(error_fd, text.data() + done, text.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;  // the client stopped listening
      done += static_cast<size_t>(w);
    }
  }
}

}  // namespace ferry::cli::image_proxy
