/*
 * ferry/plugin.h — the transport plugin contract of ferry.
 *
 * If it is not in this file, it is not a published API. This header is C99 and
 * compiles as C++; it holds the whole surface between the ferry host and a
 * transport plugin, and its comments are the reference documentation.
 *
 * Shape
 *   A plugin is a shared object that exports exactly one symbol,
 *   FERRY_PLUGIN_ENTRY (ferry_plugin_entry_v1). The host calls it once, offering
 *   its ABI version and its function table; the plugin answers with the minor it
 *   was built against and a static descriptor listing its transports. Everything
 *   else travels through the tables declared below.
 *
 * Versioning rules
 *   - The major number is part of the entry symbol's name. A plugin built for
 *     another major is refused before any of its code runs.
 *   - Every struct that crosses the boundary starts with a uint32_t struct_size.
 *     Structs only grow at the end; new members are appended under a comment
 *     naming the minor that added them. A reader of a struct MUST check
 *     struct_size before touching a member added after minor 0.
 *   - A NULL method means "not supported": the host falls back or reports it.
 *   - Enumerations are fixed-width integers, never C enums.
 *
 * Ownership rules
 *   - Whoever allocates frees. Handles are opaque; each is released through the
 *     close method of the table it came from.
 *   - Variable-size outputs (manifest bytes, MIME types, tag lists) are written
 *     into host-owned sinks with ferry_host.sink_write, which copies.
 *   - Strings passed in are NUL-terminated UTF-8 and valid only for the
 *     duration of the call unless stated otherwise.
 *
 * Errors
 *   Every fallible method returns a ferry_status: FERRY_OK (0) or a negative
 *   FERRY_E_* code. On failure it SHOULD also describe the failure with
 *   ferry_host.error_set on the ferry_error it was handed; the host copies the
 *   message. No C++ exception, C++ type or unwinding ever crosses the boundary.
 *
 * Call order (the host follows it; a plugin MAY rely on it)
 *   source:      open_source -> get_manifest / get_blob / get_signature (any
 *                order, any number) -> close
 *   destination: open_destination -> put_blob* (config and layers) ->
 *                put_manifest (instances first, the top-level manifest last) ->
 *                put_signature* -> commit -> close.
 *                close without commit means abort.
 */
#ifndef FERRY_PLUGIN_H
#define FERRY_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FERRY_ABI_MAJOR 1
#define FERRY_ABI_MINOR 2

/* The entry symbol's name carries the major: a host looks only for its own. */
#define FERRY_PLUGIN_ENTRY ferry_plugin_entry_v1
#define FERRY_PLUGIN_ENTRY_NAME "ferry_plugin_entry_v1"

#if defined(_WIN32)
#define FERRY_EXPORT __declspec(dllexport)
#else
#define FERRY_EXPORT __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------ status */

typedef int32_t ferry_status;

#define FERRY_OK 0
#define FERRY_E_NOT_SUPPORTED (-1)     /* the operation is not offered here */
#define FERRY_E_NOT_FOUND (-2)         /* image, manifest, blob or tag absent */
#define FERRY_E_UNAUTHORIZED (-3)      /* credentials missing or refused */
#define FERRY_E_MANIFEST_REJECTED (-4) /* destination refuses this manifest type; try another */
#define FERRY_E_RETRYABLE (-5)         /* transient; the same call may succeed later */
#define FERRY_E_CANCELLED (-6)         /* ferry_host.is_cancelled said so */
#define FERRY_E_DIGEST_MISMATCH (-7)   /* bytes do not match their digest */
#define FERRY_E_IO (-8)                /* file system or network failure */
#define FERRY_E_INVALID_ARGUMENT (-9)  /* malformed reference, option or input */
#define FERRY_E_INTERNAL (-10)         /* a bug; the message says where */
#define FERRY_E_ABI (-11)              /* version negotiation failed */

/* Log levels for ferry_host.log. */
#define FERRY_LOG_ERROR 0
#define FERRY_LOG_WARN 1
#define FERRY_LOG_INFO 2
#define FERRY_LOG_DEBUG 3

/* ------------------------------------------------------------ host objects */

/* A host-owned error record. Plugins only pass it to ferry_host.error_set. */
typedef struct ferry_error ferry_error;

/* A host-owned growable byte buffer. The host hands sinks to a plugin's
 * methods to be written with sink_write; a plugin that calls a host function
 * filling a sink (credentials, registry_config) makes its own with sink_create. */
typedef struct ferry_sink ferry_sink;

/* The host's per-operation context: options, credentials, cancellation.
 * Valid from open_* until the matching close. */
typedef struct ferry_context ferry_context;

/* ------------------------------------------------------------------ readers */

/* Room for the longest digest string ferry knows ("sha512:" + 128 hex + NUL). */
#define FERRY_DIGEST_MAX 160

/*
 * A pull reader with a caller-supplied buffer. Both directions use it: a source
 * returns one from get_blob; the host hands one to a destination's put_blob.
 *
 * The party that fills a ferry_reader owns `self` and releases it in `close`.
 * The party that received it MUST call close exactly once, and MUST NOT call
 * read after close or after an error.
 *
 * Thread safety: a reader is used by one thread at a time.
 */
typedef struct ferry_reader {
  uint32_t struct_size;
  void* self;
  /* Read at most `cap` bytes into `buf`; set *got. *got == 0 with FERRY_OK
   * means end of stream. A host reader verifies the blob's digest before it
   * reports end of stream and fails with FERRY_E_DIGEST_MISMATCH instead when
   * the bytes were wrong; so a destination that saw end of stream MAY trust
   * the bytes. */
  ferry_status (*read)(void* self, void* buf, size_t cap, size_t* got, ferry_error* err);
  void (*close)(void* self);
  /* Optional. After end of stream: the digest ("algo:hex", NUL-terminated) of
   * what was read, written into buf of cap bytes (FERRY_DIGEST_MAX suffices).
   * Host readers always offer it, so a destination that was handed a blob of
   * unknown digest (the host recompressed it) learns the digest here. */
  ferry_status (*digest)(void* self, char* buf, size_t cap, ferry_error* err);
} ferry_reader;

/* ---------------------------------------------------------------- the host */

/*
 * The host's function table, handed to the plugin's entry call. It stays valid
 * until the process exits (plugins are never unloaded). Every function in it is
 * thread safe.
 */
typedef struct ferry_host {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;

  void (*log)(int32_t level, const char* message);

  /* Record `code` and a copy of `message` in `err`. NULL err is ignored. */
  void (*error_set)(ferry_error* err, ferry_status code, const char* message);

  /* Append n bytes to a sink. Returns FERRY_OK, or FERRY_E_INTERNAL if the
   * host could not grow the sink. */
  ferry_status (*sink_write)(ferry_sink* sink, const void* data, size_t n);

  /* An option of this operation, or NULL when unset. The returned string is
   * valid for the lifetime of the context. Keys are documented in
   * docs/plugin-abi.md (for example "shared-blob-dir", "tls-verify",
   * "cert-dir", "compress", "decompress", "tmpdir"). */
  const char* (*option)(const ferry_context* ctx, const char* key);

  /* Non-zero once the operation was cancelled; long loops SHOULD poll it. */
  int32_t (*is_cancelled)(const ferry_context* ctx);

  /* Credentials for `registry` (host[:port][/path]) from the command line and
   * the auth files, as the containers tools look them up. Writes the user name
   * and secret into the sinks; FERRY_E_NOT_FOUND when none are configured. */
  ferry_status (*credentials)(const ferry_context* ctx, const char* registry, ferry_sink* user,
                              ferry_sink* secret, ferry_error* err);

  /* The directory for large temporary files (--tmpdir). Valid for the process. */
  const char* (*temp_dir)(const ferry_context* ctx);

  /* Registry settings for the repository `name` (host[:port]/path) from
   * registries.conf, certs.d and the operation's options, as a JSON object
   * written into `json`:
   *   {"blocked": bool,
   *    "blocked_by": "file", "blocked_prefix": "host[:port]/path",
   *                                                 (only when blocked)
   *    "endpoints": [{"name": "host[:port]/path",   (the repository there,
   *                                                  after location rewriting)
   *                   "insecure": bool,              (plain HTTP / unverified
   *                                                  TLS allowed)
   *                   "cert_dir": "/etc/containers/certs.d/host:port",
   *                                                 (absent when none)
   *                   "mirror": bool,
   *                   "pull_from_mirror": "all|digest-only|tag-only"}],
   *    "user_agent": "ferry/<version>"}
   * Endpoints are in the order to try for pulls: mirrors first, the primary
   * last; pushes, deletes and tag lists use the last one only. A blocked
   * registry MUST be refused. Unknown keys may appear and MUST be ignored. */
  ferry_status (*registry_config)(const ferry_context* ctx, const char* name, ferry_sink* json,
                                  ferry_error* err);

  /* Sinks a plugin needs for the host functions above: created empty, read
   * back (the pointer is valid until the next write or destroy), destroyed by
   * the plugin that created them. */
  ferry_sink* (*sink_create)(void);
  const char* (*sink_data)(const ferry_sink* sink, size_t* size);
  void (*sink_destroy)(ferry_sink* sink);
} ferry_host;

/* -------------------------------------------------------- blob description */

typedef struct ferry_blob_info {
  uint32_t struct_size;
  const char* digest;     /* "algo:hex", or NULL when not known yet */
  int64_t size;           /* bytes, or -1 when not known */
  const char* media_type; /* may be NULL */
} ferry_blob_info;

/* Flags of ferry_blob_put.flags. */
#define FERRY_BLOB_IS_CONFIG 1u

/* --------------------------------------------------------------- handles */

typedef struct ferry_reference ferry_reference;
typedef struct ferry_source ferry_source;
typedef struct ferry_destination ferry_destination;

/* ------------------------------------------------------------ references */

typedef struct ferry_reference_methods {
  uint32_t struct_size;

  /* Parse the part after "transport:". On success *out is a new handle that
   * the host releases with close. */
  ferry_status (*parse)(const char* text, ferry_reference** out, ferry_error* err);
  void (*close)(ferry_reference* ref);

  /* The reference as the user would write it after the colon. */
  ferry_status (*to_string)(const ferry_reference* ref, ferry_sink* out, ferry_error* err);

  /* Optional. The docker reference this image is known by (for inspect's Name
   * and for signatures); FERRY_E_NOT_FOUND when it has none. */
  ferry_status (*docker_reference)(const ferry_reference* ref, ferry_sink* out, ferry_error* err);

  /* Optional. The policy.json scope of this image (an absolute path for local
   * transports). NULL means the transport has only the default scope "". */
  ferry_status (*policy_scope)(const ferry_reference* ref, ferry_sink* out, ferry_error* err);

  /* Optional. Remove the image. */
  ferry_status (*delete_image)(const ferry_reference* ref, const ferry_context* ctx, ferry_error* err);

  /* Optional. Tags of the repository, one per line, each ending in "\n". */
  ferry_status (*list_tags)(const ferry_reference* ref, const ferry_context* ctx, ferry_sink* out,
                            ferry_error* err);
} ferry_reference_methods;

/* --------------------------------------------------------------- sources */

/* Flags of ferry_source_methods.flags. */
#define FERRY_SOURCE_CONCURRENT_GET_BLOB 1u /* get_blob and its readers may run on many threads */

typedef struct ferry_source_methods {
  uint32_t struct_size;
  uint32_t flags;

  ferry_status (*open)(const ferry_reference* ref, const ferry_context* ctx, ferry_source** out,
                       ferry_error* err);
  void (*close)(ferry_source* src);

  /* The manifest bytes exactly as stored and its MIME type (which MAY be left
   * empty; the host then guesses from the bytes). instance_digest NULL means
   * the image the reference names (a list, if it names a list); otherwise an
   * instance of that list. FERRY_E_NOT_FOUND when absent. */
  ferry_status (*get_manifest)(ferry_source* src, const char* instance_digest, ferry_sink* bytes,
                               ferry_sink* mime, ferry_error* err);

  /* Open a blob for reading. Fills *reader (the caller's struct) and sets
   * *size to the blob size or -1. The host verifies the digest; the plugin
   * need not. */
  ferry_status (*get_blob)(ferry_source* src, const ferry_blob_info* info, ferry_reader* reader,
                           int64_t* size, ferry_error* err);

  /* Optional. Signature number `index` (from 0) of the given image;
   * FERRY_E_NOT_FOUND past the last one. */
  ferry_status (*get_signature)(ferry_source* src, const char* instance_digest, uint32_t index,
                                ferry_sink* out, ferry_error* err);

  /* Added in minor 2. Optional. For a store that cannot give back the layer
   * blobs the manifest names (it keeps layers unpacked and rebuilds them
   * uncompressed): the layers get_blob serves instead, one line per manifest
   * layer in order, "DIGEST SIZE MEDIA_TYPE\n". The host then copies these and
   * writes an edited manifest; inspect still shows the stored one.
   * FERRY_E_NOT_FOUND: the manifest's own layers. */
  ferry_status (*layers_for_copy)(ferry_source* src, const char* instance_digest, ferry_sink* out,
                                  ferry_error* err);
} ferry_source_methods;

/* ---------------------------------------------------------- destinations */

/* Flags of ferry_destination_methods.flags. */
#define FERRY_DEST_CONCURRENT_PUT_BLOB 1u /* put_blob / has_blob may run on many threads */
#define FERRY_DEST_WANTS_UNCOMPRESSED 2u  /* the host decompresses layers first */
#define FERRY_DEST_KEEPS_LISTS 4u         /* can store a list and all its instances */
#define FERRY_DEST_PREFERS_COMPRESSED 8u  /* the host gzips layers that arrive uncompressed */
/* Added in minor 2. This open destination stores no signatures although its
 * table has put_signature (they are an opt-in of its options). */
#define FERRY_DEST_NO_SIGNATURES 16u
/* Added within minor 2 (a host that does not know it ignores it). Writing a
 * blob keeps a core busy (unpacking, hashing every file): the host runs no
 * more put_blob calls at once than there are cores, and opens no source blob
 * before a call can take it. */
#define FERRY_DEST_CPU_BOUND 32u

typedef struct ferry_blob_put {
  uint32_t struct_size;
  ferry_blob_info info; /* digest NULL when the host changed the bytes */
  uint32_t flags;       /* FERRY_BLOB_IS_CONFIG */
} ferry_blob_put;

typedef struct ferry_destination_methods {
  uint32_t struct_size;
  uint32_t flags;

  ferry_status (*open)(const ferry_reference* ref, const ferry_context* ctx, ferry_destination** out,
                       ferry_error* err);
  /* Without a successful commit, close MUST discard everything this handle
   * wrote: the destination is left as it was before open. */
  void (*close)(ferry_destination* dst);

  /* Optional. Manifest MIME types accepted, one per line, preferred first.
   * Not offering it means "any". */
  ferry_status (*supported_manifest_types)(ferry_destination* dst, ferry_sink* out, ferry_error* err);

  /* Optional. Sets *present when a blob with this digest is already there, so
   * the host skips the copy. */
  ferry_status (*has_blob)(ferry_destination* dst, const ferry_blob_info* info, int32_t* present,
                           ferry_error* err);

  /* Store a blob, reading `data` to its end. MUST fail when a read fails and
   * then leave nothing visible under that digest. The host closes `data`. */
  ferry_status (*put_blob)(ferry_destination* dst, const ferry_blob_put* blob, ferry_reader* data,
                           ferry_error* err);

  /* Store a manifest. instance_digest NULL: the image the reference names
   * (called last); otherwise an instance of the list written afterwards.
   * FERRY_E_MANIFEST_REJECTED makes the host convert and try another type. */
  ferry_status (*put_manifest)(ferry_destination* dst, const char* instance_digest, const void* bytes,
                               size_t n, const char* mime, ferry_error* err);

  /* Optional. Store signature number `index`. */
  ferry_status (*put_signature)(ferry_destination* dst, const char* instance_digest, uint32_t index,
                                const void* bytes, size_t n, ferry_error* err);

  /* Make everything visible, atomically where the medium allows. */
  ferry_status (*commit)(ferry_destination* dst, ferry_error* err);

  /* Added in minor 1. Optional. The FERRY_DEST_* flags of this open
   * destination, when its options change them (a --dest-decompress, say);
   * without it the table's flags hold. */
  ferry_status (*capabilities)(ferry_destination* dst, uint32_t* flags, ferry_error* err);
} ferry_destination_methods;

/* --------------------------------------------------------------- options */

/* The kind of value an option takes (ferry_option.type). Values reach the
 * plugin as text through ferry_host.option: "true"/"false" for a bool, decimal
 * for an int, a Go duration ("30s", "1m30s") for a duration, and the items
 * joined by "," for a string list. */
#define FERRY_OPTION_BOOL 0u
#define FERRY_OPTION_STRING 1u
#define FERRY_OPTION_INT 2u
#define FERRY_OPTION_DURATION 3u
#define FERRY_OPTION_STRING_LIST 4u

/* Where an option applies (ferry_option.scope, a bit set). The command line
 * offers it as --src-NAME (copy's source), --dest-NAME (copy's destination)
 * and --NAME (inspect, delete, list-tags, login, logout). */
#define FERRY_OPTION_SOURCE 1u
#define FERRY_OPTION_DESTINATION 2u
#define FERRY_OPTION_IMAGE 4u
#define FERRY_OPTION_LOGIN 8u
/* copy also takes an unprefixed --NAME for both sides, which --src-NAME and
 * --dest-NAME override (skopeo's --authfile). */
#define FERRY_OPTION_SHARED 16u

typedef struct ferry_option {
  uint32_t struct_size;
  const char* name;       /* "shared-blob-dir": the flag without its prefix, and the
                                key ferry_host.option finds the value under */
  uint32_t type;          /* FERRY_OPTION_BOOL ... */
  uint32_t scope;         /* FERRY_OPTION_SOURCE | ... */
  const char* value_name; /* "DIRECTORY": shown in help; NULL for a bool */
  const char* help;       /* one line */
} ferry_option;

/* ------------------------------------------------------------ transports */

/* Flags of ferry_transport.flags. */
#define FERRY_TRANSPORT_REPOSITORY_TAGS \
  1u /* list_tags lists the image's repository: inspect
                                              shows them as RepoTags, list-tags with its name */
/* The shape of the transport's policy.json scopes (containers-policy.json(5)):
 * at most one of these. It says which scopes a policy may name for the
 * transport and which namespaces an image's policy_scope (its identity) falls
 * in, so that the host validates and applies policies without knowing the
 * transport. The manifest file repeats it. None: any scope is accepted and
 * only the image's exact identity (then "") matches. */
/* host[:port]/repo[:tag|@digest]; namespaces: the repository, each shorter
 * namespace, host[:port], then *.domain wildcards of the host without its port */
#define FERRY_TRANSPORT_POLICY_SCOPE_REGISTRY 2u
/* an absolute, clean path other than "/"; namespaces: each parent directory */
#define FERRY_TRANSPORT_POLICY_SCOPE_PATH 4u
/* no scope but the default "": the images have no identity of their own */
#define FERRY_TRANSPORT_POLICY_SCOPE_NONE 8u
/* as REGISTRY for named images; an algo:digest image ID is refused as a scope
 * (an image named by ID has the identity "") */
#define FERRY_TRANSPORT_POLICY_SCOPE_NAME_OR_ID 16u
/* a local image store: "[driver@/graph/root]name[:tag][@digest][@id]";
 * namespaces: without the ID, name:tag, the repository and its parents, the
 * store "[driver@/graph/root]", the root alone "[/graph/root]" */
#define FERRY_TRANSPORT_POLICY_SCOPE_STORE 32u

typedef struct ferry_transport {
  uint32_t struct_size;
  const char* name;        /* "oci": what stands before the colon */
  const char* description; /* one line for ferry --help */
  const ferry_reference_methods* reference;
  const ferry_source_methods* source;           /* NULL: cannot be read */
  const ferry_destination_methods* destination; /* NULL: cannot be written */

  /* Optional. `ferry login`: checks that the credentials the host has for
   * `server` (host[:port][/path]) are accepted. FERRY_E_UNAUTHORIZED when not. */
  ferry_status (*check_login)(const char* server, const ferry_context* ctx, ferry_error* err);

  /* Added in minor 1. The options this transport takes; the host turns them
   * into command-line flags and hands their values to this transport only.
   * The plugin's manifest file repeats them ("option" lines), so that flags
   * are known without loading the plugin; the host checks both agree. */
  uint32_t option_count;
  const ferry_option* options;
  /* Added in minor 1. FERRY_TRANSPORT_* */
  uint32_t flags;
} ferry_transport;

typedef struct ferry_plugin_info {
  uint32_t struct_size;
  uint32_t abi_major; /* MUST be FERRY_ABI_MAJOR */
  uint32_t abi_minor; /* the minor this plugin was built against */
  const char* name;
  const char* version;
  uint32_t transport_count;
  const ferry_transport* const* transports;
} ferry_plugin_info;

/*
 * The one exported symbol.
 *
 * The host offers `host` (valid for the process lifetime) whose abi_major and
 * abi_minor name its version. The plugin MUST return FERRY_E_ABI when it needs
 * a newer minor than the host offers, and otherwise set *info to a descriptor
 * with static storage duration. The entry call MAY be made more than once and
 * MUST then return the same descriptor.
 */
typedef ferry_status (*ferry_plugin_entry_fn)(const ferry_host* host, const ferry_plugin_info** info,
                                              ferry_error* err);

#ifdef __cplusplus
}
#endif

#endif /* FERRY_PLUGIN_H */
