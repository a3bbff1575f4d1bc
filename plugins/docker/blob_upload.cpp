#include "blob_upload.hpp"

#include <Poco/URI.h>

namespace ferry::plugins::docker {

std::string query_escape(const std::string& s) {
  std::string out;
  Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]% ", out);
  return out;
}

namespace {

std::string with_query(const std::string& url, const std::string& param) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// Where the registry wants the next part of an upload.
std::string upload_location(RegistryClient& client, HttpResponse& resp, const std::string& what) {
  std::string loc = resp.header("Location");
  if (loc.empty()) throw sdk::Error(FERRY_E_IO, what + ": the registry answered without a Location header");
  return client.base_url().resolve(loc).str();  // relative or absolute
}

// Best effort: an abandoned upload session is cancelled.
void cancel_upload(RegistryClient& client, const std::string& location) {
  try {
    client.request("DELETE", location, "cancelling an upload");
  } catch (...) {
  }
}

class BodyFromStream {
 public:
  BodyFromStream(sdk::BlobStream& data, const sdk::Context& ctx, int64_t expected, std::string what)
      : data_(data), ctx_(ctx), expected_(expected), what_(std::move(what)) {}
  size_t operator()(char* buf, size_t cap) {
    if (ctx_.cancelled()) throw sdk::Error(FERRY_E_CANCELLED, what_ + ": cancelled");
    if (expected_ >= 0)
      cap = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(cap), expected_ - sent_));
    size_t n = cap ? data_.read(buf, cap) : 0;
    sent_ += static_cast<int64_t>(n);
    // With a Content-Length, a short stream would leave the server waiting.
    if (n == 0 && expected_ >= 0 && sent_ < expected_)
      throw sdk::Error(FERRY_E_DIGEST_MISMATCH, what_ + ": the blob ended after " + std::to_string(sent_) +
                                                    " of " + std::to_string(expected_) + " bytes");
    if (n == 0 && expected_ >= 0 && !ended_) {
      ended_ = true;  // read to the end, so the host verifies the digest (FP-9)
      char probe;
      if (data_.read(&probe, 1) != 0)
        throw sdk::Error(FERRY_E_DIGEST_MISMATCH,
                         what_ + ": the blob is longer than " + std::to_string(expected_) + " bytes");
    }
    return n;
  }
  bool at_end() const { return ended_; }

 private:
  sdk::BlobStream& data_;
  const sdk::Context& ctx_;
  int64_t expected_;
  std::string what_;
  int64_t sent_ = 0;
  bool ended_ = false;
};

}  // namespace

bool blob_exists(RegistryClient& client, const std::string& digest, int64_t size) {
  const std::string what = "checking whether blob " + digest + " is in " + client.display_name();
  auto resp = client.request("HEAD", client.repo_target() + "/blobs/" + digest, what);
  if (resp->status() == 404) return false;
  if (resp->status() != 200) client.fail(*resp, what);
  return size < 0 || resp->content_length() < 0 || resp->content_length() == size;
}

bool mount_blob(RegistryClient& client, const std::string& digest, const std::string& from) {
  const std::string what = "mounting blob " + digest + " from " + from + " into " + client.display_name();
  RequestOptions o;
  o.extra_scopes.push_back("repository:" + from + ":pull");
  auto resp = client.request(
      "POST",
      client.repo_target() + "/blobs/uploads/?mount=" + query_escape(digest) + "&from=" + query_escape(from),
      what, {}, nullptr, o);
  if (resp->status() == 201) {
    sdk::log(FERRY_LOG_DEBUG, "mounted blob " + digest + " from " + from);
    return true;
  }
  // 202: the registry opened an ordinary upload instead; it is not needed.
  if (resp->status() == 202 && !resp->header("Location").empty())
    cancel_upload(client, upload_location(client, *resp, what));
  return false;
}

void upload_blob(RegistryClient& client, const sdk::BlobInfo& info, sdk::BlobStream& data) {
  const std::string name = info.digest.empty() ? "a blob" : "blob " + info.digest;
  const std::string what = "writing " + name + " to " + client.display_name();
  auto start = client.request("POST", client.repo_target() + "/blobs/uploads/", what);
  if (start->status() != 202) client.fail(*start, what);
  std::string location = upload_location(client, *start, what);
  start.reset();

  try {
    BodyFromStream producer(data, client.context(), info.size, what);
    RequestBody body;
    body.producer = std::ref(producer);
    body.length = info.size;
    const bool monolithic = !info.digest.empty() && info.size >= 0 && info.size <= monolithic_limit;
    std::string digest = info.digest;
    if (monolithic) {
      auto put = client.request("PUT", with_query(location, "digest=" + query_escape(digest)), what,
                                {{"Content-Type", "application/octet-stream"}}, &body);
      if (put->status() != 201) client.fail(*put, what);
      return;
    }
    auto patch =
        client.request("PATCH", location, what, {{"Content-Type", "application/octet-stream"}}, &body);
    if (patch->status() != 202 && patch->status() != 204) client.fail(*patch, what);
    location = upload_location(client, *patch, what);
    patch.reset();
    if (digest.empty()) digest = data.digest();
    auto put = client.request("PUT", with_query(location, "digest=" + query_escape(digest)), what);
    if (put->status() != 201) client.fail(*put, what);
  } catch (...) {
    cancel_upload(client, location);
    throw;
  }
}

void upload_blob_bytes(RegistryClient& client, const std::string& digest, std::string_view bytes) {
  if (blob_exists(client, digest, static_cast<int64_t>(bytes.size()))) return;
  const std::string what = "writing blob " + digest + " to " + client.display_name();
  auto start = client.request("POST", client.repo_target() + "/blobs/uploads/", what);
  if (start->status() != 202) client.fail(*start, what);
  std::string location = upload_location(client, *start, what);
  start.reset();
  RequestBody body;
  body.bytes = std::string(bytes);
  try {
    auto put = client.request("PUT", with_query(location, "digest=" + query_escape(digest)), what,
                              {{"Content-Type", "application/octet-stream"}}, &body);
    if (put->status() != 201) client.fail(*put, what);
  } catch (...) {
    cancel_upload(client, location);
    throw;
  }
}

}  // namespace ferry::plugins::docker
