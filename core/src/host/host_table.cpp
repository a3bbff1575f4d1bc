// The table of host services every plugin receives at load.
#include <ferry/core/credentials.hpp>
#include <ferry/core/error.hpp>
#include <ferry/core/host_objects.hpp>
#include <ferry/core/log.hpp>
#include "config/registries_conf.hpp"
#include <ferry/core/stop.hpp>

#include <cstring>
#include <new>

namespace ferry {
namespace {

void host_log(int32_t level, const char* message) {
  if (message) log_message(static_cast<LogLevel>(level), message);
}

void host_error_set(ferry_error* err, ferry_status code, const char* message) {
  if (!err) return;
  err->code = code;
  err->message = message ? message : "";
}

ferry_status host_sink_write(ferry_sink* sink, const void* data, size_t n) {
  if (!sink) return FERRY_E_INVALID_ARGUMENT;
  try {
    sink->data.append(static_cast<const char*>(data), n);
  } catch (const std::bad_alloc&) {
    return FERRY_E_INTERNAL;
  }
  return FERRY_OK;
}

const char* host_option(const ferry_context* ctx, const char* key) {
  if (!ctx || !key) return nullptr;
  auto it = ctx->options.find(key);
  return it == ctx->options.end() ? nullptr : it->second.c_str();
}

int32_t host_is_cancelled(const ferry_context* ctx) {
  if (stop_requested() != StopReason::none) return 1;
  return ctx && ctx->cancelled.load() ? 1 : 0;
}

ferry_status host_credentials(const ferry_context* ctx, const char* registry, ferry_sink* user,
                              ferry_sink* secret, ferry_error* err) {
  if (!ctx || !registry) {
    host_error_set(err, FERRY_E_INVALID_ARGUMENT, "credentials needs a context and a registry");
    return FERRY_E_INVALID_ARGUMENT;
  }
  try {
    auto c = lookup_credentials(*ctx, registry);
    if (!c) {
      host_error_set(err, FERRY_E_NOT_FOUND, (std::string("no credentials for ") + registry).c_str());
      return FERRY_E_NOT_FOUND;
    }
    host_sink_write(user, c->user.data(), c->user.size());
    host_sink_write(secret, c->secret.data(), c->secret.size());
    return FERRY_OK;
  } catch (const Error& e) {
    host_error_set(err, e.code(), e.what());
    return e.code();
  } catch (const std::exception& e) {
    host_error_set(err, FERRY_E_INTERNAL, e.what());
    return FERRY_E_INTERNAL;
  }
}

const char* host_temp_dir(const ferry_context* ctx) { return ctx ? ctx->tmpdir.c_str() : "/var/tmp"; }

ferry_status host_registry_config(const ferry_context* ctx, const char* name, ferry_sink* json,
                                  ferry_error* err) {
  if (!name || !json) {
    host_error_set(err, FERRY_E_INVALID_ARGUMENT, "registry_config needs a name and a sink");
    return FERRY_E_INVALID_ARGUMENT;
  }
  try {
    std::string out = registry_config_json(ctx, name);
    json->data.append(out);
    return FERRY_OK;
  } catch (const Error& e) {
    host_error_set(err, e.code(), e.what());
    return e.code();
  } catch (const std::exception& e) {
    host_error_set(err, FERRY_E_INTERNAL, e.what());
    return FERRY_E_INTERNAL;
  }
}

ferry_sink* host_sink_create() { return new (std::nothrow) ferry_sink; }
const char* host_sink_data(const ferry_sink* sink, size_t* size) {
  if (size) *size = sink ? sink->data.size() : 0;
  return sink ? sink->data.data() : nullptr;
}
void host_sink_destroy(ferry_sink* sink) { delete sink; }

}  // namespace

const ferry_host& host_table() {
  static const ferry_host table = {
      sizeof(ferry_host),    FERRY_ABI_MAJOR,   FERRY_ABI_MINOR,    &host_log,         &host_error_set,
      &host_sink_write,      &host_option,      &host_is_cancelled, &host_credentials, &host_temp_dir,
      &host_registry_config, &host_sink_create, &host_sink_data,    &host_sink_destroy};
  return table;
}

}  // namespace ferry
