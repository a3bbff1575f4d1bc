#include "http_exchange.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace ferry::plugins::docker_daemon {

namespace {

constexpr size_t max_line = 64 * 1024;

[[noreturn]] void bad_response(const std::string& why) {
  throw sdk::Error(FERRY_E_IO, "the docker daemon sent a malformed HTTP response: " + why);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

void HttpExchange::send_head(const std::string& method, const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             bool chunked_body) {
  std::string head =
      method + " " + target + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: ferry\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) head += k + ": " + v + "\r\n";
  if (chunked_body) head += "Transfer-Encoding: chunked\r\n";
  head += "\r\n";
  conn_.write_all(head.data(), head.size());
}

void HttpExchange::send_chunk(const void* data, size_t n) {
  if (n == 0) return;  // a zero-size chunk would end the body
  char size[32];
  int len = std::snprintf(size, sizeof size, "%zx\r\n", n);
  conn_.write_all(size, static_cast<size_t>(len));
  conn_.write_all(data, n);
  conn_.write_all("\r\n", 2);
}

void HttpExchange::end_body() { conn_.write_all("0\r\n\r\n", 5); }

bool HttpExchange::fill() {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  char tmp[64 * 1024];
  size_t n = conn_.read_some(tmp, sizeof tmp);
  buf_.append(tmp, n);
  return n > 0;
}

std::string HttpExchange::read_line() {
  for (;;) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      std::string line = buf_.substr(pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (buf_.size() - pos_ > max_line) bad_response("a line is too long");
    if (!fill()) bad_response("the connection closed in the middle of a header");
  }
}

HttpResponse HttpExchange::read_head() {
  HttpResponse r;
  std::string status = read_line();
  if (status.rfind("HTTP/1.", 0) != 0 || status.size() < 12) bad_response("status line \"" + status + "\"");
  r.status = std::atoi(status.c_str() + 9);
  for (;;) {
    std::string line = read_line();
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) bad_response("header line \"" + line + "\"");
    r.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
  }
  auto te = r.headers.find("transfer-encoding");
  auto cl = r.headers.find("content-length");
  if (te != r.headers.end() && lower(te->second).find("chunked") != std::string::npos) {
    chunked_ = true;
  } else if (cl != r.headers.end()) {
    left_ = std::strtoull(cl->second.c_str(), nullptr, 10);
    done_ = left_ == 0;
  } else {
    until_close_ = true;
  }
  return r;
}

size_t HttpExchange::take(void* buf, size_t cap) {
  if (pos_ == buf_.size() && !fill()) return 0;
  size_t n = std::min(cap, buf_.size() - pos_);
  std::memcpy(buf, buf_.data() + pos_, n);
  pos_ += n;
  return n;
}

size_t HttpExchange::read_body(void* buf, size_t cap) {
  if (done_ || cap == 0) return 0;
  if (until_close_) return take(buf, cap);
  if (chunked_ && left_ == 0) {
    std::string size_line = read_line();
    if (size_line.empty()) size_line = read_line();  // the CRLF after the previous chunk
    left_ = std::strtoull(size_line.c_str(), nullptr, 16);
    if (left_ == 0) {
      while (!read_line().empty()) {
      }  // trailers
      done_ = true;
      return 0;
    }
  }
  size_t n = take(buf, static_cast<size_t>(std::min<uint64_t>(cap, left_)));
  if (n == 0) bad_response("the connection closed in the middle of the body");
  left_ -= n;
  if (!chunked_ && left_ == 0) done_ = true;
  return n;
}

std::string HttpExchange::read_body_all(size_t limit) {
  std::string out;
  char tmp[16 * 1024];
  while (size_t n = read_body(tmp, sizeof tmp))
    if (out.size() < limit) out.append(tmp, std::min(n, limit - out.size()));
  return out;
}

}  // namespace ferry::plugins::docker_daemon
