#!/usr/bin/env bash
# deploy_manifests.sh — the deployment files under deploy/ are valid, without a cluster.
#
# deploy/kubernetes/*.yaml go through k8s_validate.py: kubectl cannot validate offline (even
# `kubectl create --dry-run=client` asks an API server for its API groups, and validation
# downloads the server's OpenAPI schema), so each document is deserialised into the models of
# Debian's python3-kubernetes (installed here when missing) and compared with what comes back,
# and the references between the documents and ferry's own rules (FERRY_SHARD_COUNT =
# completions, the sync file and auth file mounted where the arguments say) are checked.
# Broken copies of the sync Job (a misspelt field, a wrong type, a shard count that disagrees,
# ...) must each be rejected, so the validation is known to fail when it should.
# deploy/slurm/sync.sbatch is checked for syntax and its #SBATCH array here; it is run for
# real on a private Slurm cluster by slurm_smoke.sh.
#
#   bash tests/integration/deploy_manifests.sh
#
# Needs no ferry binary. Exits 77 (skip) when python3-kubernetes cannot be installed. The last
# line of output is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${PROJECT_ROOT:-$(cd "$HERE/../.." && pwd)}
export FERRY=${FERRY:-unused} # check.sh asks for it; nothing here runs ferry
source "$HERE/check.sh"

# Debian's python3 (python3-kubernetes is installed for it), not another python3 on PATH.
PY=/usr/bin/python3
VALIDATE=$HERE/k8s_validate.py
JOB=$ROOT/deploy/kubernetes/sync-job.yaml
SBATCH=$ROOT/deploy/slurm/sync.sbatch

[[ -x $PY ]] || skip "no /usr/bin/python3"
if ! $PY -c 'import kubernetes.client' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-kubernetes >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-kubernetes >/dev/null 2>&1; }
  fi
  $PY -c 'import kubernetes.client' 2>/dev/null || skip "python3-kubernetes cannot be installed"
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-deploy.XXXXXX")
trap 'rm -rf "$W"' EXIT

# valid FILE...: the validator accepts the files.
valid() { $PY "$VALIDATE" "$@"; }

# rejected FILE EXPECTED SED-EXPR: a copy of the Job file edited by SED-EXPR (which must change
# it) is rejected, with EXPECTED in the validator's output.
rejected() {
  local name=$1 expected=$2 expr=$3 out
  sed "$expr" "$JOB" >"$W/$name.yaml"
  if cmp -s "$JOB" "$W/$name.yaml"; then
    echo "the edit '$expr' changed nothing: update this test"
    return 1
  fi
  if out=$($PY "$VALIDATE" "$W/$name.yaml" 2>&1); then
    echo "accepted:"
    echo "$out"
    return 1
  fi
  grep -qF -- "$expected" <<<"$out" || { echo "rejected, but without '$expected':"; echo "$out"; return 1; }
}

# broken WHAT EXPECTED SED-EXPR: one check, "rejected: WHAT".
BROKEN=0
broken() {
  BROKEN=$((BROKEN + 1))
  check "rejected: $1" rejected "broken-$BROKEN" "$2" "$3"
}

# job_shape: the Job is what the deployment promises — an Indexed Job of 4 running
# `ferry sync --src yaml --dest docker --shard auto --report /dev/stdout`, FERRY_SHARD_COUNT=4,
# the ConfigMap and the Secret (auth.json as REGISTRY_AUTH_FILE) mounted.
job_shape() {
  $PY - "$JOB" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = {d["kind"]: d for d in docs}
assert set(kinds) == {"ConfigMap", "Secret", "Job"}, f"kinds: {sorted(kinds)}"
spec = kinds["Job"]["spec"]
assert spec["completionMode"] == "Indexed", spec.get("completionMode")
assert spec["completions"] == 4 and spec["parallelism"] == 4, (spec["completions"], spec["parallelism"])
pod = spec["template"]["spec"]
(c,) = pod["containers"]
argv = c["command"] + c["args"]
joined = " ".join(argv)
for want in ("sync --src yaml --dest docker", "--shard auto", "--report /dev/stdout"):
    assert want in joined, f"{want!r} not in {joined!r}"
assert argv[0] == "ferry", argv
env = {e["name"]: e.get("value") for e in c["env"]}
assert env.get("FERRY_SHARD_COUNT") == "4", env
assert env.get("REGISTRY_AUTH_FILE", "").endswith("/auth.json"), env
assert c["image"] == "localhost/ferry:latest", c["image"]
vols = {v["name"]: v for v in pod["volumes"]}
assert any(v.get("configMap", {}).get("name") == kinds["ConfigMap"]["metadata"]["name"] for v in vols.values())
assert any(v.get("secret", {}).get("secretName") == kinds["Secret"]["metadata"]["name"] for v in vols.values())
assert "auth.json" in kinds["Secret"].get("stringData", {}), "the Secret holds auth.json"
assert "sync.yaml" in kinds["ConfigMap"]["data"], "the ConfigMap holds sync.yaml"
EOF
}

# sbatch_script: sync.sbatch parses, is an array of 4 and runs sync --shard auto with a
# report per task.
sbatch_script() {
  bash -n "$SBATCH" || return 1
  grep -qx '#SBATCH --array=0-3' "$SBATCH" || { echo "no '#SBATCH --array=0-3'"; return 1; }
  grep -q -- '--shard auto' "$SBATCH" || { echo "no --shard auto"; return 1; }
  # shellcheck disable=SC2016  # the literal text of the script
  grep -q 'sync-report-${SLURM_ARRAY_TASK_ID}.jsonl' "$SBATCH" || { echo "no per-task report"; return 1; }
  if command -v shellcheck >/dev/null; then shellcheck -s bash "$SBATCH"; fi
}

check "sync-job.yaml passes the offline validation" valid "$JOB"
check "every file under deploy/kubernetes passes" valid "$ROOT"/deploy/kubernetes/*.yaml
check "sync-job.yaml: Indexed Job of 4, ferry sync --shard auto, ConfigMap and Secret mounted" job_shape
check "sync.sbatch: syntax, --array=0-3, --shard auto, a report per task" sbatch_script

broken "a misspelt field (completionsMode)" "unknown field" \
  's/completionMode: Indexed/completionsMode: Indexed/'
broken "a string where a number belongs (completions)" "not a valid V1Job" \
  's/completions: 4/completions: "four"/'
broken "a number where a string belongs (env value)" "is not a valid value here" \
  's/value: "4"/value: 4/'
broken "a container without a name" "must not be \`None\`" \
  's/- name: ferry$/- nme: ferry/'
broken "an unknown kind" "unknown apiVersion/kind" \
  's/^kind: Job$/kind: Jobs/'
broken "FERRY_SHARD_COUNT differs from completions" "FERRY_SHARD_COUNT=3 but completions=4" \
  's/value: "4"/value: "3"/'
broken "--shard auto in a Job that is not Indexed" "needs completionMode: Indexed" \
  's/completionMode: Indexed/completionMode: NonIndexed/'
broken "restartPolicy Always in a Job" "restartPolicy must be Never or OnFailure" \
  's/restartPolicy: Never/restartPolicy: Always/'
broken "a volume naming a Secret the file does not have" "no Secret named ferry-sync-creds" \
  's/secretName: ferry-sync-auth/secretName: ferry-sync-creds/'
broken "a mount of an undefined volume" "which the pod does not define" \
  '0,/- name: scratch$/s//- name: scrtch/'
broken "REGISTRY_AUTH_FILE where no Secret is mounted" "REGISTRY_AUTH_FILE=/etc/ferry/auth/auth.json is not" \
  's|mountPath: /etc/ferry/auth|mountPath: /etc/ferry/secret|'
broken "a sync.yaml that is not YAML" "sync.yaml: not YAML" \
  's|library/alpine: \[\]|library/alpine: [|'
broken "a sync.yaml registry with an unknown key" "unknown keys ['tls-verfy']" \
  's/tls-verify: true/tls-verfy: true/'
broken "a policy.json that is not JSON" "policy.json) is not JSON" \
  's/{"default": \[{"type": "insecureAcceptAnything"}\]}/{"default": [/'
broken "a resource amount that is not a quantity" "is not a quantity" \
  's/memory: 256Mi/memory: 256MB/'
broken "a name that is not DNS-1123" "is not a DNS-1123 name" \
  's/^  name: ferry-sync$/  name: Ferry_Sync/'

report
