#!/usr/bin/python3
"""Offline validation of Kubernetes manifests, for deploy_manifests.sh.

kubectl cannot validate without an API server (even `create --dry-run=client` asks the server
for its API groups, and validation downloads the server's OpenAPI schema), so this uses the
models of Debian's python3-kubernetes (the Kubernetes 1.22 API) instead:

- each document is deserialised into its model class (V1ConfigMap, V1Job, ...), which checks
  the required fields and converts the types, and is then serialised back and compared with
  the document: a field the API does not have (a misspelt key) or a value of the wrong type
  (a number where a string belongs) shows up as a difference;
- references between the documents are checked: volume mounts name a volume of the pod, a
  configMap or secret volume names a document of the file (or --external NAME) and the keys
  it projects exist, env valueFrom keys exist;
- Jobs: restartPolicy Never or OnFailure, an Indexed Job has completions, parallelism is not
  above completions;
- ferry: a container running `ferry ... sync --shard auto` in an Indexed Job has
  FERRY_SHARD_COUNT equal to completions, the files its arguments and REGISTRY_AUTH_FILE name
  are keys of the volumes mounted there, the sync file is skopeo's sync format and JSON keys
  (auth.json, policy.json) are JSON.

  /usr/bin/python3 k8s_validate.py [--external NAME]... FILE...

Prints one line per problem and exits 1 if there were any, 0 otherwise; exits 3 if the
kubernetes module cannot be imported.
"""
import json
import posixpath
import re
import sys

try:
    import yaml
    import kubernetes.client as k8s
except ImportError as e:  # pragma: no cover
    print(f"cannot import the kubernetes client: {e}", file=sys.stderr)
    sys.exit(3)

API = k8s.ApiClient()
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
# Keys whose values Kubernetes takes as a number or a string (resource.Quantity).
QUANTITY_PARENTS = {"limits", "requests", "hard", "capacity", "allocatable"}
QUANTITY = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[mkMGTPE]|[eE][+-]?[0-9]+)?$")
SYNC_REGISTRY_KEYS = {"images", "images-by-tag-regex", "images-by-semver", "credentials",
                      "tls-verify", "cert-dir"}


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, what):
        self.items.append(f"{where}: {what}".replace("\n", " "))


def model_class(doc):
    api_version = doc.get("apiVersion")
    kind = doc.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None, "apiVersion and kind must be strings"
    version = api_version.split("/")[-1]
    name = version[:1].upper() + version[1:] + kind
    cls = getattr(k8s, name, None)
    if cls is None:
        return None, f"unknown apiVersion/kind {api_version} {kind}"
    return name, None


def compare(orig, back, path, problems, where):
    """Reports where `back` (the document after a trip through the model) differs from `orig`."""
    if isinstance(orig, dict):
        if not isinstance(back, dict):
            problems.add(where, f"{path or '.'}: expected a mapping")
            return
        for key, value in orig.items():
            sub = f"{path}.{key}" if path else str(key)
            if value is None:
                continue
            if key not in back:
                problems.add(where, f"{sub}: unknown field")
                continue
            compare(value, back[key], sub, problems, where)
        return
    if isinstance(orig, list):
        if not isinstance(back, list) or len(back) != len(orig):
            problems.add(where, f"{path}: expected a list")
            return
        for i, (a, b) in enumerate(zip(orig, back)):
            compare(a, b, f"{path}[{i}]", problems, where)
        return
    if type(orig) is type(back) and orig == back:
        return
    parent = path.rsplit(".", 2)[-2] if path.count(".") >= 1 else ""
    if isinstance(orig, (int, float)) and not isinstance(orig, bool) and isinstance(back, str) \
            and str(orig) == back and (parent in QUANTITY_PARENTS or path.endswith("sizeLimit")):
        return
    problems.add(where, f"{path}: {orig!r} is not a valid value here (the API reads it as {back!r})")


def check_schema(doc, where, problems):
    name, err = model_class(doc)
    if err:
        problems.add(where, err)
        return None
    try:
        obj = API._ApiClient__deserialize(doc, name)
    except (ValueError, TypeError, AttributeError) as e:
        problems.add(where, f"not a valid {name}: {e}")
        return None
    compare(doc, API.sanitize_for_serialization(obj), "", problems, where)
    return obj


def check_quantities(node, path, where, problems):
    """Resource amounts (limits, requests, sizeLimit, ...) must be Kubernetes quantities."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in QUANTITY_PARENTS and isinstance(value, dict):
                for res, amount in value.items():
                    if not QUANTITY.match(str(amount)):
                        problems.add(where, f"{sub}.{res}: {amount!r} is not a quantity")
            elif key == "sizeLimit" and not QUANTITY.match(str(value)):
                problems.add(where, f"{sub}: {value!r} is not a quantity")
            else:
                check_quantities(value, sub, where, problems)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_quantities(value, f"{path}[{i}]", where, problems)


def check_metadata(doc, where, problems):
    meta = doc.get("metadata") or {}
    name = meta.get("name")
    if not isinstance(name, str) or not DNS1123_SUBDOMAIN.match(name) or len(name) > 253:
        problems.add(where, f"metadata.name {name!r} is not a DNS-1123 name")
    if doc.get("kind") == "Job" and isinstance(name, str) and len(name) > 63:
        problems.add(where, "a Job's name must be at most 63 characters (it becomes a label)")
    for key, value in (meta.get("labels") or {}).items():
        if not isinstance(value, str) or len(value) > 63 or \
                not re.match(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$", value):
            problems.add(where, f"label {key}={value!r} is not a valid label value")


def data_keys(doc):
    keys = set()
    for field in ("data", "stringData", "binaryData"):
        keys |= set((doc.get(field) or {}).keys())
    return keys


def data_value(doc, key):
    for field in ("stringData", "data"):
        values = doc.get(field) or {}
        if key in values:
            if field == "data" and doc.get("kind") == "Secret":
                import base64
                try:
                    return base64.b64decode(values[key]).decode()
                except Exception:  # noqa: BLE001
                    return None
            return values[key]
    return None


def check_sync_yaml(text, where, problems):
    try:
        sync = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problems.add(where, f"not YAML: {e}")
        return
    if not isinstance(sync, dict) or not sync:
        problems.add(where, "a sync file maps registries to their images")
        return
    for registry, spec in sync.items():
        if not isinstance(spec, dict):
            problems.add(where, f"{registry}: expected a mapping")
            continue
        unknown = set(spec) - SYNC_REGISTRY_KEYS
        if unknown:
            problems.add(where, f"{registry}: unknown keys {sorted(unknown)}")
        if not any(k in spec for k in ("images", "images-by-tag-regex", "images-by-semver")):
            problems.add(where, f"{registry}: names no images")
        for repo, tags in (spec.get("images") or {}).items():
            if tags is not None and (not isinstance(tags, list) or
                                     not all(isinstance(t, str) for t in tags)):
                problems.add(where, f"{registry}/{repo}: tags must be a list of strings")
        for repo, regex in (spec.get("images-by-tag-regex") or {}).items():
            try:
                re.compile(str(regex))
            except re.error as e:
                problems.add(where, f"{registry}/{repo}: bad regex: {e}")
        if "tls-verify" in spec and not isinstance(spec["tls-verify"], bool):
            problems.add(where, f"{registry}: tls-verify must be true or false")


def check_pod_spec(spec, where, docs_by_ref, external, problems):
    """Checks a pod template's volumes and returns {mount path: (kind, name, {key: path})}."""
    volumes = {}
    for v in spec.get("volumes") or []:
        vname = v.get("name")
        if vname in volumes:
            problems.add(where, f"volume {vname} defined twice")
        volumes[vname] = v
        for kind, field, name_field in (("ConfigMap", "configMap", "name"),
                                        ("Secret", "secret", "secretName")):
            src = v.get(field)
            if src is None:
                continue
            ref = src.get(name_field)
            target = docs_by_ref.get((kind, ref))
            if target is None:
                if ref not in external and not src.get("optional"):
                    problems.add(where, f"volume {vname}: no {kind} named {ref} in these files")
                continue
            keys = data_keys(target)
            for item in src.get("items") or []:
                if item.get("key") not in keys:
                    problems.add(where, f"volume {vname}: {kind} {ref} has no key {item.get('key')}")
    return volumes


def mounted_files(container, volumes, docs_by_ref):
    """{absolute file path: (doc, key)} for the ConfigMap and Secret keys a container sees."""
    files = {}
    for m in container.get("volumeMounts") or []:
        v = volumes.get(m.get("name"))
        if v is None:
            continue
        for kind, field, name_field in (("ConfigMap", "configMap", "name"),
                                        ("Secret", "secret", "secretName")):
            src = v.get(field)
            if src is None:
                continue
            doc = docs_by_ref.get((kind, src.get(name_field)))
            if doc is None:
                continue
            base = m.get("mountPath", "")
            if m.get("subPath"):
                files[base] = (doc, m["subPath"])
                continue
            items = src.get("items")
            mapping = {i["key"]: i["path"] for i in items} if items else {k: k for k in data_keys(doc)}
            for key, path in mapping.items():
                files[posixpath.normpath(posixpath.join(base, path))] = (doc, key)
    return files


def expand(arg, env):
    return re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env.get(m.group(1), m.group(0)), arg)


def check_ferry_container(c, job_spec, volumes, docs_by_ref, where, problems):
    argv = [str(a) for a in (c.get("command") or []) + (c.get("args") or [])]
    if "sync" not in argv:
        return
    env = {e.get("name"): e.get("value") for e in c.get("env") or [] if "value" in e}
    argv = [expand(a, env) for a in argv]
    files = mounted_files(c, volumes, docs_by_ref)
    shard = argv[argv.index("--shard") + 1] if "--shard" in argv[:-1] else None
    if shard == "auto":
        if job_spec.get("completionMode") != "Indexed":
            problems.add(where, "--shard auto needs completionMode: Indexed (JOB_COMPLETION_INDEX)")
        count = env.get("FERRY_SHARD_COUNT")
        if count is None:
            problems.add(where, "--shard auto needs FERRY_SHARD_COUNT in the container's env")
        elif str(count) != str(job_spec.get("completions")):
            problems.add(where, f"FERRY_SHARD_COUNT={count} but completions={job_spec.get('completions')}:"
                                " shards would be skipped or copied twice")
    if "--src" in argv[:-1] and argv[argv.index("--src") + 1] == "yaml":
        positional = argv[-2] if len(argv) >= 2 else ""
        if positional.startswith("/"):
            hit = files.get(posixpath.normpath(positional))
            if hit is None:
                problems.add(where, f"the sync file {positional} is not a key of a mounted ConfigMap or Secret")
            else:
                text = data_value(hit[0], hit[1])
                if text is not None:
                    check_sync_yaml(text, f"{where}: {positional}", problems)
    for name, value in env.items():
        if name == "REGISTRY_AUTH_FILE" and isinstance(value, str) and value.startswith("/"):
            if posixpath.normpath(value) not in files:
                problems.add(where, f"REGISTRY_AUTH_FILE={value} is not a key of a mounted Secret or ConfigMap")
    for path, (doc, key) in files.items():
        if key.endswith(".json"):
            text = data_value(doc, key)
            try:
                json.loads(text or "")
            except ValueError as e:
                problems.add(where, f"{path} ({doc['kind']} {doc['metadata']['name']} key {key}) is not JSON: {e}")


def check_workload(doc, where, docs_by_ref, external, problems):
    if doc.get("kind") != "Job":
        return
    spec = doc.get("spec") or {}
    pod = ((spec.get("template") or {}).get("spec")) or {}
    if pod.get("restartPolicy") not in ("Never", "OnFailure"):
        problems.add(where, f"a Job's restartPolicy must be Never or OnFailure, not {pod.get('restartPolicy')!r}")
    if spec.get("completionMode", "NonIndexed") not in ("Indexed", "NonIndexed"):
        problems.add(where, f"completionMode {spec.get('completionMode')!r} is neither Indexed nor NonIndexed")
    if spec.get("completionMode") == "Indexed" and not spec.get("completions"):
        problems.add(where, "an Indexed Job needs completions")
    if isinstance(spec.get("parallelism"), int) and isinstance(spec.get("completions"), int) \
            and spec["parallelism"] > spec["completions"]:
        problems.add(where, "parallelism is above completions")
    volumes = check_pod_spec(pod, where, docs_by_ref, external, problems)
    containers = (pod.get("containers") or []) + (pod.get("initContainers") or [])
    seen = set()
    for c in containers:
        cw = f"{where}: container {c.get('name')}"
        if c.get("name") in seen:
            problems.add(cw, "container name used twice")
        seen.add(c.get("name"))
        if c.get("name") and not DNS1123_LABEL.match(c["name"]):
            problems.add(cw, "container name is not a DNS-1123 label")
        for m in c.get("volumeMounts") or []:
            if m.get("name") not in volumes:
                problems.add(cw, f"mounts volume {m.get('name')}, which the pod does not define")
        for e in c.get("env") or []:
            if not ENV_NAME.match(str(e.get("name", ""))):
                problems.add(cw, f"env name {e.get('name')!r} is not valid")
            ref = ((e.get("valueFrom") or {}).get("configMapKeyRef")
                   or (e.get("valueFrom") or {}).get("secretKeyRef"))
            if ref:
                kind = "ConfigMap" if "configMapKeyRef" in e["valueFrom"] else "Secret"
                target = docs_by_ref.get((kind, ref.get("name")))
                if target is None and ref.get("name") not in external and not ref.get("optional"):
                    problems.add(cw, f"env {e.get('name')}: no {kind} named {ref.get('name')}")
                elif target is not None and ref.get("key") not in data_keys(target):
                    problems.add(cw, f"env {e.get('name')}: {kind} {ref.get('name')} has no key {ref.get('key')}")
        check_ferry_container(c, spec, volumes, docs_by_ref, cw, problems)


def main(argv):
    external = set()
    files = []
    it = iter(argv)
    for a in it:
        if a == "--external":
            external.add(next(it, ""))
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    problems = Problems()
    docs = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                loaded = list(yaml.safe_load_all(f))
        except (OSError, yaml.YAMLError) as e:
            problems.add(path, f"cannot read: {e}")
            continue
        for i, doc in enumerate(loaded):
            if doc is None:
                continue
            where = f"{path}#{i}"
            if not isinstance(doc, dict):
                problems.add(where, "a document must be a mapping")
                continue
            meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
            where = f"{path}#{i} {doc.get('kind')}/{meta.get('name')}"
            docs.append((where, doc))
    docs_by_ref = {}
    for where, doc in docs:
        if check_schema(doc, where, problems) is None:
            continue
        check_metadata(doc, where, problems)
        check_quantities(doc, "", where, problems)
        ref = (doc.get("kind"), doc["metadata"].get("name"))
        if ref in docs_by_ref:
            problems.add(where, f"a second {ref[0]} named {ref[1]}")
        docs_by_ref[ref] = doc
        if doc.get("kind") == "Secret":
            for key, value in (doc.get("data") or {}).items():
                import base64
                try:
                    base64.b64decode(value, validate=True)
                except Exception:  # noqa: BLE001
                    problems.add(where, f"data.{key} is not base64")
    for where, doc in docs:
        if (doc.get("kind"), (doc.get("metadata") or {}).get("name")) in docs_by_ref:
            check_workload(doc, where, docs_by_ref, external, problems)
    for p in problems.items:
        print(p)
    print(f"{len(docs)} documents, {len(problems.items)} problems")
    return 1 if problems.items else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
