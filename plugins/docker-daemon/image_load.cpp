#include "image_load.hpp"

#include "engine_answers.hpp"

namespace ferry::plugins::docker_daemon {

namespace {
constexpr size_t chunk_size = 256 * 1024;
constexpr size_t answer_limit = 1024 * 1024;
}  // namespace

ImageLoad::ImageLoad(DaemonAddress address, DaemonTimeouts timeouts, std::string target)
    : address_(std::move(address)), timeouts_(timeouts), target_(std::move(target)) {}

void ImageLoad::start() {
  conn_ = std::make_unique<DaemonConnection>(address_, timeouts_);
  exchange_ = std::make_unique<HttpExchange>(*conn_);
  exchange_->send_head("POST", target_, {{"Content-Type", "application/x-tar"}}, true);
}

void ImageLoad::send(const void* data, size_t n) {
  try {
    exchange_->send_chunk(data, n);
  } catch (const sdk::Error& e) {
    send_failed(e.what());
  }
}

void ImageLoad::flush() {
  if (pending_.empty()) return;
  send(pending_.data(), pending_.size());
  pending_.clear();
}

void ImageLoad::append(const void* data, size_t n) {
  if (!exchange_) start();
  if (pending_.size() + n > chunk_size) flush();
  if (n >= chunk_size) return send(data, n);
  pending_.append(static_cast<const char*>(data), n);
}

void ImageLoad::complete() {
  if (!exchange_) start();
  flush();
  try {
    exchange_->end_body();
  } catch (const sdk::Error& e) {
    send_failed(e.what());
  }
  HttpResponse r = exchange_->read_head();
  std::string body = exchange_->read_body_all(answer_limit);
  check_load_answer(r, body, address_.label);
}

void ImageLoad::send_failed(const std::string& why) {
  HttpResponse r;
  std::string body;
  try {
    r = exchange_->read_head();
    body = exchange_->read_body_all(answer_limit);
  } catch (const sdk::Error&) {
    throw sdk::Error(FERRY_E_IO, "docker load failed: " + why);
  }
  check_load_answer(r, body, address_.label);
  throw sdk::Error(FERRY_E_IO, "docker load failed: " + why);
}

}  // namespace ferry::plugins::docker_daemon
