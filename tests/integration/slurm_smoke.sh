#!/usr/bin/env bash
# slurm_smoke.sh — the private Slurm cluster of lib/slurm_cluster.sh works on this machine:
# it starts (installing slurm-wlm and munge when missing), runs job arrays whose tasks see the
# variables `ferry sync --shard auto` reads (SLURM_ARRAY_TASK_ID, _MIN, _COUNT), reports a
# failed task, runs deploy/slurm/sync.sbatch as an array (with a stand-in for ferry that
# records what it was given, then with the real ferry against a lab registry when FERRY is a
# ferry with `sync --shard`), and stops leaving no process or file behind.
#
#   [FERRY=/path/to/ferry] bash tests/integration/slurm_smoke.sh
#
# Runs as root. Exits 77 (skip) when Slurm cannot run here (the reason
# is printed). Prints how long install, start and a 4-task array took; the last line of output
# is "N passed, N failed".
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${PROJECT_ROOT:-$(cd "$HERE/../.." && pwd)}
export FERRY=${FERRY:-unused} # check.sh asks for it; only the real-sync check runs it
source "$HERE/check.sh"
source "$HERE/lib/slurm_cluster.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-slurm-smoke.XXXXXX")
trap 'slurm_cluster_stop; stop_lab_registries; rm -rf "$W"' EXIT

# elapsed START: seconds since START (an $EPOCHREALTIME), to a tenth.
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

installed=yes
for tool in slurmctld slurmd sbatch munged; do command -v "$tool" >/dev/null || installed=no; done
t=$EPOCHREALTIME
if [[ $(id -u) -eq 0 ]]; then
  slurm_cluster_install || skip "slurm-wlm and munge cannot be installed"
fi
install_time=$(elapsed "$t")
t=$EPOCHREALTIME
slurm_cluster_start
rc=$?
[[ $rc -eq 77 ]] && skip "Slurm cannot run here: $SLURM_CLUSTER_SKIP_REASON"
if [[ $rc -ne 0 ]]; then
  echo "FAIL - slurm_cluster_start returned $rc"
  echo "0 passed, 1 failed"
  exit 1
fi
start_time=$(elapsed "$t")
sq() { SLURM_CONF=$SLURM_CLUSTER_CONF "$@"; }

# node_idle: sinfo shows the one node idle, with this machine's CPUs.
node_idle() {
  local got
  got=$(sq sinfo -h -N -o '%N %T %c')
  echo "sinfo: $got"
  [[ $got == "$SLURM_CLUSTER_NODE idle $(nproc)" ]]
}

# The task of the arrays below: records what Slurm told it, then waits (at most 20 s) until all
# the tasks of its array have started, to show they run at once.
cat >"$W/task.sh" <<'EOF'
#!/bin/bash
out=$OUT_DIR
echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT $SLURM_ARRAY_TASK_MIN" >"$out/task-$SLURM_ARRAY_TASK_ID"
env | grep -E '^(SLURM|JOB_COMPLETION_INDEX)' | sort >"$out/env-$SLURM_ARRAY_TASK_ID"
touch "$out/started-$SLURM_ARRAY_TASK_ID"
for _ in $(seq 100); do
  started=("$out"/started-*)
  [[ ${#started[@]} -ge $SLURM_ARRAY_TASK_COUNT ]] && { touch "$out/together-$SLURM_ARRAY_TASK_ID"; break; }
  sleep 0.2
done
[[ $SLURM_ARRAY_TASK_ID != "${FAIL_TASK:-none}" ]] || { echo "task $SLURM_ARRAY_TASK_ID fails on purpose"; exit 3; }
exit 0
EOF
chmod +x "$W/task.sh"

# run_array DIR N [FIRST]: the task script as an array of N (ids FIRST..), outputs in DIR.
run_array() {
  mkdir -p "$1"
  OUT_DIR=$1 SLURM_RUN_ARRAY_FIRST=${3:-0} slurm_run_array "$W/task.sh" "$2"
}

array_time=""
four_tasks() {
  local t=$EPOCHREALTIME i
  run_array "$W/a" 4 || return 1
  array_time=$(elapsed "$t")
  for i in 0 1 2 3; do
    [[ $(cat "$W/a/task-$i" 2>/dev/null) == "$i 4 0" ]] || { echo "task $i wrote '$(cat "$W/a/task-$i" 2>&1)', not '$i 4 0'"; return 1; }
  done
}

ran_together() {
  local n f
  n=0
  for f in "$W"/a/together-*; do [[ -e $f ]] && n=$((n + 1)); done
  [[ $n -eq 4 ]] || { echo "$n of 4 tasks saw all 4 running"; return 1; }
}

# array_variables: what Slurm sets in an array task (the variables ferry's --shard auto reads
# among them), and no Kubernetes index.
array_variables() {
  local v
  cat "$W/a/env-2"
  for v in SLURM_ARRAY_JOB_ID=$SLURM_CLUSTER_LAST_JOB SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=4 \
    SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_STEP=1 SLURM_JOB_ID= SLURM_SUBMIT_DIR=; do
    grep -q "^$v" "$W/a/env-2" || { echo "no $v"; return 1; }
  done
  ! grep -q '^JOB_COMPLETION_INDEX' "$W/a/env-2"
}

# offset_array: with ids 10-13, TASK_ID - TASK_MIN still numbers the shards 0..3 of 4.
offset_array() {
  run_array "$W/b" 4 10 || return 1
  local shards
  shards=$(cat "$W"/b/task-* | awk '{ print $1 - $3 "/" $2 }' | sort | tr '\n' ' ')
  echo "shards: $shards"
  [[ $shards == "0/4 1/4 2/4 3/4 " ]]
}

# failing_task: one task exiting 3 makes slurm_run_array fail with 3, the others still run.
failing_task() {
  local rc
  FAIL_TASK=2 run_array "$W/c" 4
  rc=$?
  [[ $rc -eq 3 ]] || { echo "slurm_run_array returned $rc, not 3"; return 1; }
  [[ -f $W/c/task-0 && -f $W/c/task-1 && -f $W/c/task-3 ]] || { echo "the other tasks did not all run"; ls "$W/c"; return 1; }
}

# sync_sbatch: deploy/slurm/sync.sbatch as an array of 4, with a stand-in ferry that
# records its arguments and the shard Slurm's variables name, and writes its report.
sync_sbatch() {
  mkdir -p "$W/sync/reports"
  cat >"$W/sync/ferry" <<'EOF'
#!/bin/bash
# Stand-in for ferry: the shard as `--shard auto` computes it, the arguments, a report line.
index=$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN))
printf '%s\n' "$index/$SLURM_ARRAY_TASK_COUNT" "$@" >"$STUB_OUT/args-$index"
report=
while [[ $# -gt 0 ]]; do [[ $1 == --report ]] && report=$2; shift; done
printf '{"source":"docker://registry.example.com/shard:%s","destination":"docker://mirror/shard:%s","status":"copied","digest":"sha256:%064d","bytes":1,"seconds":0.1}\n' \
  "$index" "$index" 0 >>"$report"
EOF
  chmod +x "$W/sync/ferry"
  echo 'registry.example.com: {images: {library/busybox: ["1.36"]}}' >"$W/sync/sync.yaml"
  (cd "$W/sync" && FERRY=$W/sync/ferry STUB_OUT=$W/sync SYNC_FILE=$W/sync/sync.yaml \
    DEST_PREFIX=127.0.0.1:5001/mirror REPORT_DIR=$W/sync/reports FERRY_SYNC_FLAGS="--scoped --dest-tls-verify=false" \
    slurm_run_array "$ROOT/deploy/slurm/sync.sbatch" 4) || return 1
  local i want got
  for i in 0 1 2 3; do
    want="$i/4 sync --src yaml --dest docker --keep-going --scoped --dest-tls-verify=false --shard auto --report $W/sync/reports/sync-report-$i.jsonl $W/sync/sync.yaml 127.0.0.1:5001/mirror"
    got=$(tr '\n' ' ' <"$W/sync/args-$i" 2>/dev/null)
    [[ $got == "$want " ]] || { printf 'task %s ran\n  %s\nnot\n  %s\n' "$i" "$got" "$want"; return 1; }
    jq -e 'select(.status == "copied")' "$W/sync/reports/sync-report-$i.jsonl" >/dev/null ||
      { echo "no report line in sync-report-$i.jsonl"; return 1; }
  done
}

# real_sync: the real ferry runs sync.sbatch as an array of 4 between two registries (the lab's,
# plain HTTP): 12 repositories of 3 tags are mirrored, every image by exactly one task. The
# tags of a repository share their blobs; shards split the list by repository, so no two tasks
# push the same blob into one repository at once (distribution 2.8 then sometimes answers 500,
# "invalid checksum digest format", or "blob unknown").
real_sync() {
  start_lab_registry reg http || { cat "$W/start-reg.err"; return 1; }
  start_lab_registry dst http || { cat "$W/start-dst.err"; return 1; }
  local reg=${REG_ADDR[reg]} dst=${REG_ADDR[dst]} r t repos
  repos=$(seq -f 'r%02g' 1 12)
  (source "$LAB_DIR/peers.sh" && peer_mk_oci "$W/real/oci" latest) >/dev/null 2>&1 ||
    { echo "cannot make the test image"; return 1; }
  {
    echo "$reg:"
    echo "  tls-verify: false"
    echo "  images:"
    for r in $repos; do
      echo "    src/$r: [v1, v2, v3]"
      for t in v1 v2 v3; do
        skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$W/real/oci:latest" "docker://$reg/src/$r:$t" \
          >/dev/null || { echo "cannot push src/$r:$t" >&2; return 1; }
      done
    done
  } >"$W/real/sync.yaml" || return 1
  mkdir -p "$W/real/reports"
  (cd "$W/real" && FERRY=$FERRY FERRY_GLOBAL_FLAGS=--insecure-policy FERRY_SYNC_FLAGS=--dest-tls-verify=false \
    SYNC_FILE=$W/real/sync.yaml DEST_PREFIX=$dst/mirror REPORT_DIR=$W/real/reports \
    slurm_run_array "$ROOT/deploy/slurm/sync.sbatch" 4) || return 1
  local got want busy f
  got=$(cat "$W"/real/reports/sync-report-*.jsonl | jq -r 'select(.status == "copied") | .destination' | sort)
  # Unscoped, as skopeo names them: the prefix and the repository's last component.
  want=$(for r in $repos; do for t in v1 v2 v3; do echo "docker://$dst/mirror/$r:$t"; done; done | sort)
  diff <(echo "$want") <(echo "$got") || { echo "the reports do not name each image once, copied"; return 1; }
  busy=0
  for f in "$W"/real/reports/sync-report-*.jsonl; do [[ -s $f ]] && busy=$((busy + 1)); done
  echo "$busy of 4 tasks copied images"
  [[ $busy -ge 2 ]] || return 1
  for r in $repos; do
    [[ $(curl -sf "http://$dst/v2/mirror/$r/tags/list" | jq -r '.tags | sort | join(",")') == v1,v2,v3 ]] ||
      { echo "mirror/$r does not hold v1, v2 and v3"; return 1; }
  done
}

# clean_stop: after slurm_cluster_stop nothing it started runs, its directory and ports are free.
clean_stop() {
  local d=$SLURM_CLUSTER_DIR pids=() f pid ports=$SLURM_CLUSTER_PORTS p
  for f in munged slurmctld slurmd; do pids+=("$(cat "$d/run/$f.pid")"); done
  mapfile -t -O "${#pids[@]}" pids < <(_slurm_our_pids "$d")
  echo "running before stop: ${pids[*]}"
  slurm_cluster_stop
  for pid in "${pids[@]}"; do
    ! kill -0 "$pid" 2>/dev/null || { echo "process $pid still runs: $(tr '\0' ' ' <"/proc/$pid/cmdline")"; return 1; }
  done
  [[ ! -e $d ]] || { echo "$d is still there"; return 1; }
  for p in $ports; do _slurm_port_free "$p" || { echo "port $p is still taken"; return 1; }; done
  [[ -z $SLURM_CLUSTER_DIR ]] && slurm_cluster_stop
}

check "the node is idle with this machine's CPUs" node_idle
check "a 4-task array: each task sees its id, count 4 and min 0" four_tasks
check "the 4 tasks run at the same time" ran_together
check "array tasks get SLURM_ARRAY_{JOB_ID,TASK_ID,TASK_COUNT,TASK_MIN,TASK_MAX,TASK_STEP}" array_variables
check "ids 10-13: TASK_ID - TASK_MIN numbers the shards 0..3 of 4" offset_array
check "a task exiting 3 fails slurm_run_array with 3; the others run" failing_task
check "deploy/slurm/sync.sbatch: 4 tasks run ferry sync --shard auto with a report each" sync_sbatch
# A ferry with sync --shard refuses a count of 0 with its own message.
shard_probe=""
[[ -x $FERRY ]] && shard_probe=$("$FERRY" sync --src yaml --dest docker --shard 0/0 /nonexistent x 2>&1)
if [[ $shard_probe == *"--shard: the shard count"* ]] && [[ -x /usr/bin/docker-registry ]] && command -v skopeo >/dev/null && command -v jq >/dev/null; then
  check "deploy/slurm/sync.sbatch with the real ferry: 36 images of 12 repositories over 4 tasks, each once" real_sync
else
  echo "(no ferry with sync --shard, docker-registry, skopeo or jq: not running sync.sbatch with the real ferry)"
fi
check "slurm_cluster_stop ends every process it started and removes its files" clean_stop

echo "timings: install ${install_time} s ($([[ $installed == yes ]] && echo "already installed" || echo "slurm-wlm and munge installed")), start ${start_time} s, 4-task array ${array_time:-?} s"
report
