/*
 * A transport plugin written in plain C99 against ferry/plugin.h, used by the
 * ABI tests. Build variants (compile definitions):
 *   MOCK_OLD_TABLES   tables sized as a plugin built before the optional
 *                     trailing members existed; those members abort() if the
 *                     host ever calls them, so ignoring struct_size crashes.
 *   MOCK_MINIMAL      every optional method NULL.
 *
 * Source references name a behaviour: "good", "short" (a layer shorter than
 * its descriptor), "corrupt" (layer bytes that do not match the digest),
 * "missing" (no such image). Destination references name a directory; on
 * commit the blobs and manifest.json are written there, on abort nothing.
 */
#include <ferry/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ferry_host* host;

/* Optional methods go unused in the MOCK_MINIMAL build. */
#define OPTIONAL_METHOD __attribute__((unused)) static

#define CONFIG                                                                         \
  "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"]}," \
  "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
#define CONFIG_DIGEST "sha256:78442626d153d0d682cefebec72cf68c56ef035ced1eff4cb24205f7d04f570f"
#define LAYER "mock layer bytes: not a real tar, the host does not care"
#define LAYER_DIGEST "sha256:7cc308a162e714bd4629fac550c4d1e3a6bb499fd59b8b592de77ecd3882fc90"
/* The image "served" gives its layer back as other bytes (layers_for_copy),
 * as a store that keeps layers unpacked does. */
#define SERVED_LAYER "mock layer, as the store serves it"
#define SERVED_LAYER_DIGEST "sha256:df07d0a16af2255ca47de220f210eebf292332758675082c71a63e10992d82a0"
#define MANIFEST                                                                                       \
  "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","                 \
  "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" CONFIG_DIGEST \
  "\",\"size\":109},\"layers\":[{\"mediaType\":"                                                       \
  "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" LAYER_DIGEST "\",\"size\":56}]}"

struct ferry_reference {
  char text[512];
};

static ferry_status fail(ferry_error* err, ferry_status code, const char* msg) {
  host->error_set(err, code, msg);
  return code;
}

static ferry_status ref_parse(const char* text, ferry_reference** out, ferry_error* err) {
  ferry_reference* r;
  if (strlen(text) >= sizeof r->text) return fail(err, FERRY_E_INVALID_ARGUMENT, "mock reference too long");
  if (text[0] == '\0') return fail(err, FERRY_E_INVALID_ARGUMENT, "mock reference is empty");
  r = calloc(1, sizeof *r);
  if (!r) return fail(err, FERRY_E_INTERNAL, "out of memory");
  strcpy(r->text, text);
  *out = r;
  return FERRY_OK;
}
static void ref_close(ferry_reference* r) { free(r); }
static ferry_status ref_to_string(const ferry_reference* r, ferry_sink* out, ferry_error* err) {
  (void)err;
  return host->sink_write(out, r->text, strlen(r->text));
}

/* ------------------------------------------------------------------ source */

struct ferry_source {
  char behaviour[512];
};

struct blob_reader {
  const char* data;
  size_t len, pos;
};

static ferry_status blob_read(void* self, void* buf, size_t cap, size_t* got, ferry_error* err) {
  struct blob_reader* b = self;
  size_t n = b->len - b->pos;
  (void)err;
  if (n > cap) n = cap;
  memcpy(buf, b->data + b->pos, n);
  b->pos += n;
  *got = n;
  return FERRY_OK;
}
static void blob_close(void* self) { free(self); }

static ferry_status src_open(const ferry_reference* ref, const ferry_context* ctx, ferry_source** out,
                             ferry_error* err) {
  ferry_source* s;
  (void)ctx;
  if (strcmp(ref->text, "missing") == 0)
    return fail(err, FERRY_E_NOT_FOUND, "mock image \"missing\" does not exist");
  s = calloc(1, sizeof *s);
  if (!s) return fail(err, FERRY_E_INTERNAL, "out of memory");
  strcpy(s->behaviour, ref->text);
  *out = s;
  return FERRY_OK;
}
static void src_close(ferry_source* s) { free(s); }

static ferry_status src_manifest(ferry_source* s, const char* instance, ferry_sink* bytes, ferry_sink* mime,
                                 ferry_error* err) {
  static const char type[] = "application/vnd.oci.image.manifest.v1+json";
  (void)s;
  if (instance) return fail(err, FERRY_E_NOT_FOUND, "mock images are not lists");
  host->sink_write(bytes, MANIFEST, strlen(MANIFEST));
  return host->sink_write(mime, type, strlen(type));
}

static ferry_status src_blob(ferry_source* s, const ferry_blob_info* info, ferry_reader* reader,
                             int64_t* size, ferry_error* err) {
  struct blob_reader* b = calloc(1, sizeof *b);
  if (!b) return fail(err, FERRY_E_INTERNAL, "out of memory");
  if (strcmp(s->behaviour, "noblob") == 0) {
    free(b);
    return fail(err, FERRY_E_NOT_FOUND, "mock layer file is missing");
  }
  if (strcmp(info->digest, CONFIG_DIGEST) == 0) {
    b->data = CONFIG;
    b->len = strlen(b->data);
  } else if (strcmp(s->behaviour, "served") == 0 && strcmp(info->digest, SERVED_LAYER_DIGEST) == 0) {
    b->data = SERVED_LAYER;
    b->len = strlen(b->data);
  } else if (strcmp(info->digest, LAYER_DIGEST) == 0) {
    b->data = LAYER;
    if (strcmp(s->behaviour, "corrupt") == 0)
      b->data = "MOCK layer bytes: not a real tar, the host does not care";
    b->len = strlen(b->data);
    if (strcmp(s->behaviour, "short") == 0) b->len -= 10;
  } else {
    free(b);
    return fail(err, FERRY_E_NOT_FOUND, "mock blob not found");
  }
  memset(reader, 0, sizeof *reader);
  reader->struct_size = sizeof *reader;
  reader->self = b;
  reader->read = blob_read;
  reader->close = blob_close;
  *size = (int64_t)b->len;
  return FERRY_OK;
}

OPTIONAL_METHOD ferry_status src_signature(ferry_source* s, const char* instance, uint32_t index,
                                           ferry_sink* out, ferry_error* err) {
  (void)s;
  (void)instance;
  (void)index;
  (void)out;
#ifdef MOCK_OLD_TABLES
  (void)err;
  abort(); /* beyond this plugin's struct_size: the host must never call it */
#else
  return fail(err, FERRY_E_NOT_FOUND, "no signatures");
#endif
}

#if !defined(MOCK_OLD_TABLES) && !defined(MOCK_MINIMAL)
static ferry_status src_layers_for_copy(ferry_source* s, const char* instance, ferry_sink* out,
                                        ferry_error* err) {
  static const char line[] = SERVED_LAYER_DIGEST " 34 application/vnd.oci.image.layer.v1.tar\n";
  (void)instance;
  if (strcmp(s->behaviour, "served") != 0) return fail(err, FERRY_E_NOT_FOUND, "the manifest's own layers");
  return host->sink_write(out, line, strlen(line));
}
#define LAYERS_FOR_COPY src_layers_for_copy
#else
#define LAYERS_FOR_COPY NULL
#endif

/* ------------------------------------------------------------- destination */

#define MAX_BLOBS 8
struct ferry_destination {
  char dir[512];
  char digests[MAX_BLOBS][FERRY_DIGEST_MAX];
  char* data[MAX_BLOBS];
  size_t len[MAX_BLOBS];
  int count;
  char* manifest;
  size_t manifest_len;
};

static ferry_status dst_open(const ferry_reference* ref, const ferry_context* ctx, ferry_destination** out,
                             ferry_error* err) {
  ferry_destination* d = calloc(1, sizeof *d);
  (void)ctx;
  if (!d) return fail(err, FERRY_E_INTERNAL, "out of memory");
  strcpy(d->dir, ref->text);
  *out = d;
  return FERRY_OK;
}
static void dst_close(ferry_destination* d) {
  int i;
  for (i = 0; i < d->count; ++i) free(d->data[i]);
  free(d->manifest);
  free(d);
}

static ferry_status dst_put_blob(ferry_destination* d, const ferry_blob_put* blob, ferry_reader* data,
                                 ferry_error* err) {
  char buf[4096];
  char* acc = NULL;
  size_t len = 0, got = 0;
  ferry_status st;
  if (d->count == MAX_BLOBS) return fail(err, FERRY_E_INTERNAL, "mock destination is full");
  for (;;) {
    char* grown;
    st = data->read(data->self, buf, sizeof buf, &got, err);
    if (st != FERRY_OK) {
      free(acc);
      return st;
    } /* MUST fail and keep nothing */
    if (got == 0) break;
    grown = realloc(acc, len + got);
    if (!grown) {
      free(acc);
      return fail(err, FERRY_E_INTERNAL, "out of memory");
    }
    acc = grown;
    memcpy(acc + len, buf, got);
    len += got;
  }
  if (blob->info.digest) {
    strncpy(d->digests[d->count], blob->info.digest, FERRY_DIGEST_MAX - 1);
  } else if ((st = data->digest(data->self, d->digests[d->count], FERRY_DIGEST_MAX, err)) != FERRY_OK) {
    free(acc);
    return st;
  }
  d->data[d->count] = acc;
  d->len[d->count] = len;
  d->count++;
  return FERRY_OK;
}

static ferry_status dst_put_manifest(ferry_destination* d, const char* instance, const void* bytes, size_t n,
                                     const char* mime, ferry_error* err) {
  (void)mime;
  if (instance) return fail(err, FERRY_E_NOT_SUPPORTED, "mock destination keeps no lists");
  free(d->manifest);
  d->manifest = malloc(n ? n : 1);
  if (!d->manifest) return fail(err, FERRY_E_INTERNAL, "out of memory");
  memcpy(d->manifest, bytes, n);
  d->manifest_len = n;
  return FERRY_OK;
}

OPTIONAL_METHOD ferry_status dst_put_signature(ferry_destination* d, const char* instance, uint32_t index,
                                               const void* bytes, size_t n, ferry_error* err) {
  (void)d;
  (void)instance;
  (void)index;
  (void)bytes;
  (void)n;
#ifdef MOCK_OLD_TABLES
  (void)err;
  abort();
#else
  return fail(err, FERRY_E_NOT_SUPPORTED, "mock destination keeps no signatures");
#endif
}

static ferry_status write_file(const char* dir, const char* name, const char* data, size_t n,
                               ferry_error* err) {
  char path[1024];
  FILE* f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "wb");
  if (!f) return fail(err, FERRY_E_IO, "mock destination cannot create a file");
  fwrite(data, 1, n, f);
  fclose(f);
  return FERRY_OK;
}

static ferry_status dst_commit(ferry_destination* d, ferry_error* err) {
  int i;
  ferry_status st;
  if (!d->manifest) return fail(err, FERRY_E_INVALID_ARGUMENT, "commit before put_manifest");
  for (i = 0; i < d->count; ++i)
    if ((st = write_file(d->dir, d->digests[i] + 7, d->data[i], d->len[i], err)) != FERRY_OK) return st;
  return write_file(d->dir, "manifest.json", d->manifest, d->manifest_len, err);
}

OPTIONAL_METHOD ferry_status dst_has_blob(ferry_destination* d, const ferry_blob_info* info, int32_t* present,
                                          ferry_error* err) {
  (void)d;
  (void)info;
  (void)err;
  *present = 0;
  return FERRY_OK;
}

/* ------------------------------------------------------------------ tables */

#ifdef MOCK_MINIMAL
#define OPTIONAL(fn) NULL
#else
#define OPTIONAL(fn) fn
#endif

static const ferry_reference_methods reference_methods = {
    sizeof(ferry_reference_methods), ref_parse, ref_close, ref_to_string, NULL, NULL, NULL, NULL};

static const ferry_source_methods source_methods = {
#ifdef MOCK_OLD_TABLES
    offsetof(ferry_source_methods, get_signature),
#else
    sizeof(ferry_source_methods),
#endif
    0,
    src_open,
    src_close,
    src_manifest,
    src_blob,
    OPTIONAL(src_signature),
    LAYERS_FOR_COPY};

static const ferry_destination_methods destination_methods = {
#ifdef MOCK_OLD_TABLES
    offsetof(ferry_destination_methods, capabilities), /* as built before minor 1 */
#else
    sizeof(ferry_destination_methods),
#endif
    0,
    dst_open,
    dst_close,
    NULL,
    OPTIONAL(dst_has_blob),
    dst_put_blob,
    dst_put_manifest,
    OPTIONAL(dst_put_signature),
    dst_commit,
    NULL};

/* One option of each kind the command line treats differently (minor 1). */
static const ferry_option options[] = {
    {sizeof(ferry_option), "mock-level", FERRY_OPTION_INT, FERRY_OPTION_SOURCE | FERRY_OPTION_IMAGE, "N",
     "how hard the mock tries"},
    {sizeof(ferry_option), "mock-fast", FERRY_OPTION_BOOL, FERRY_OPTION_DESTINATION, NULL, "skip nothing"}};

static const ferry_transport transport = {
#ifdef MOCK_OLD_TABLES
    offsetof(ferry_transport, check_login),
#else
    sizeof(ferry_transport),
#endif
    MOCK_NAME,
    "in-memory test transport",
    &reference_methods,
    &source_methods,
    &destination_methods,
    NULL,
    (uint32_t)(sizeof options / sizeof options[0]),
    options,
    0};
static const ferry_transport* const transports[] = {&transport};

static const ferry_plugin_info info = {
    sizeof(ferry_plugin_info), FERRY_ABI_MAJOR, MOCK_MINOR, "mock", "1.0", 1, transports};

FERRY_EXPORT ferry_status FERRY_PLUGIN_ENTRY(const ferry_host* h, const ferry_plugin_info** out,
                                             ferry_error* err) {
  static const uint32_t needed_minor = MOCK_MINOR;
  if (h->abi_major != FERRY_ABI_MAJOR) return FERRY_E_ABI;
  if (h->abi_minor < needed_minor) {
    h->error_set(err, FERRY_E_ABI, "mock plugin needs a newer host");
    return FERRY_E_ABI;
  }
  host = h;
  *out = &info;
  return FERRY_OK;
}
