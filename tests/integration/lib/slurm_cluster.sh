# slurm_cluster.sh — a private one-node Slurm cluster on this machine, for tests. Source it.
#
#   source tests/integration/lib/slurm_cluster.sh
#   trap slurm_cluster_stop EXIT
#   slurm_cluster_start || exit $?          # 77: Slurm cannot run here ($SLURM_CLUSTER_SKIP_REASON)
#   slurm_run_array ./task.sh 4             # sbatch --array=0-3 --wait; fails if a task failed
#   SLURM_CONF=$SLURM_CLUSTER_CONF sinfo    # Slurm's own commands, pointed at this cluster
#   slurm_cluster_stop
#
# As root, slurm_cluster_start installs Debian's slurm-wlm and munge when they are missing
# (apt-get, quiet; policy-rc.d keeps the packages' own services from starting), then starts,
# all under a private directory ($SLURM_CLUSTER_DIR, in ${TMPDIR:-/tmp}):
# - munged with its own key and socket (AuthInfo=socket=... points Slurm at it);
# - slurmctld and slurmd (SlurmUser=root, SlurmdUser=root) on two free ports (from a random
#   port in 16817-17815 up, or from SLURM_CLUSTER_PORT_MIN; a port taken by someone else at
#   the same moment makes it try further on), with a slurm.conf of their own:
#   ClusterName=ferrytest, SlurmctldHost=localhost, one node named after this host at 127.0.0.1 with its real CPUs and
#   memory (`slurmd -C`), one partition, ProctrackType=proctrack/linuxproc, TaskPlugin=task/none,
#   no cgroups, select/cons_tres, no accounting, state, spool, pid and log files in the private
#   directory. The partition lets SLURM_CLUSTER_OVERSUBSCRIBE (default 4) jobs share a core, so
#   a 4-task array runs all at once on 2 cores, as the shards of a sync do on a real cluster.
# and waits (SLURM_CLUSTER_START_TIMEOUT, 60 s) until sinfo shows the node idle. It exports
# nothing into the environment: Slurm's commands find the cluster with
# SLURM_CONF=$SLURM_CLUSTER_CONF. The global /etc/slurm and /etc/munge are not touched.
# SLURM_CLUSTER_EXTRA_CONF: lines appended to slurm.conf.
#
# Every process started carries FERRY_SLURM_CLUSTER=<private dir> in its environment (job tasks
# too, through sbatch's --export=ALL); slurm_cluster_stop ends those by PID (TERM, then KILL),
# and removes the directory. It is idempotent and quiet, so a trap can call it.
#
# Return codes of slurm_cluster_start: 0 up; 77 Slurm cannot run on this machine (not root,
# packages not installable, a daemon that does not start: the reason is printed and kept in
# SLURM_CLUSTER_SKIP_REASON, everything started is stopped); 1 misuse (already started).
#
# Variables set by slurm_cluster_start: SLURM_CLUSTER_DIR, SLURM_CLUSTER_CONF,
# SLURM_CLUSTER_NODE, SLURM_CLUSTER_PARTITION, SLURM_CLUSTER_CPUS, SLURM_CLUSTER_PORTS;
# SLURM_CLUSTER_INSTALL_SECONDS and SLURM_CLUSTER_START_SECONDS (how long each part took).
# By slurm_run_array: SLURM_CLUSTER_LAST_JOB (the array's job id) and SLURM_CLUSTER_LAST_OUTPUT
# (the tasks' output files, with %a for the task id).
#
# Needs bash 4.4 or later, ss (iproute2), coreutils and /proc besides Slurm and munge.

# shellcheck disable=SC2034  # the SLURM_CLUSTER_* variables are for the sourcing script
[[ -n ${_FERRY_SLURM_CLUSTER_LIB:-} ]] && return 0
_FERRY_SLURM_CLUSTER_LIB=1

SLURM_CLUSTER_DIR=${SLURM_CLUSTER_DIR:-}
SLURM_CLUSTER_SKIP_REASON=""

_slurm_say() { echo "slurm_cluster: $*" >&2; }

# _slurm_skip REASON: what cannot work here; stops what was started; returns 77.
_slurm_skip() {
  SLURM_CLUSTER_SKIP_REASON=$1
  _slurm_say "cannot run Slurm here: $1"
  slurm_cluster_stop
  return 77
}

# slurm_cluster_install: Debian's slurm-wlm and munge, when a command of theirs is missing.
slurm_cluster_install() {
  local tool missing=0
  for tool in slurmctld slurmd sbatch sinfo squeue scontrol scancel munged munge unmunge; do
    command -v "$tool" >/dev/null 2>&1 || missing=1
  done
  [[ $missing -eq 0 ]] && return 0
  [[ $(id -u) -eq 0 ]] || { _slurm_say "slurm-wlm and munge are not installed and this is not root"; return 1; }
  command -v apt-get >/dev/null 2>&1 || { _slurm_say "no apt-get to install slurm-wlm and munge"; return 1; }
  local created_policy=0 rc
  # Keep the packages' postinst from starting the system's own munged/slurmctld/slurmd.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
  fi
  local pkgs=(slurm-wlm munge)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1
  rc=$?
  if [[ $rc -ne 0 ]]; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1
    rc=$?
  fi
  [[ $created_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
  [[ $rc -eq 0 ]] || _slurm_say "apt-get install ${pkgs[*]} failed"
  return "$rc"
}

# _slurm_port_free PORT: nothing listens on PORT (TCP, any address).
_slurm_port_free() {
  [[ -z $(ss -Htln "sport = :$1" 2>/dev/null) ]]
}

# _slurm_free_ports FIRST: two free ports from FIRST up, printed "CTLD SLURMD".
_slurm_free_ports() {
  local p=$1 found=()
  while [[ ${#found[@]} -lt 2 && $p -lt $(($1 + 200)) ]]; do
    _slurm_port_free "$p" && found+=("$p")
    p=$((p + 1))
  done
  [[ ${#found[@]} -eq 2 ]] && echo "${found[*]}"
}

# _slurm_env CMD...: runs a command against this cluster, marked as ours.
_slurm_env() {
  env FERRY_SLURM_CLUSTER="$SLURM_CLUSTER_DIR" SLURM_CONF="$SLURM_CLUSTER_CONF" "$@"
}

# _slurm_pid_alive PIDFILE: the process the file names is running.
_slurm_pid_alive() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# _slurm_our_pids DIR: the PIDs of processes whose environment carries FERRY_SLURM_CLUSTER=DIR.
_slurm_our_pids() {
  local dir=$1 p pid
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    grep -qzxF "FERRY_SLURM_CLUSTER=$dir" "$p/environ" 2>/dev/null && echo "$pid"
  done
}

# _slurm_searchable_by_all DIR: every directory from / to DIR has the x bit for others (munged
# refuses a socket that other users could not reach).
_slurm_searchable_by_all() {
  local p=$1 mode
  while [[ -n $p && $p != / ]]; do
    mode=$(stat -c %a "$p" 2>/dev/null) || return 1
    (( (8#$mode & 1) != 0 )) || return 1
    p=$(dirname "$p")
  done
  return 0
}

# _slurm_log_tail FILE: the last lines of a daemon's log, indented, for a failure message.
_slurm_log_tail() {
  [[ -s $1 ]] && { echo "--- ${1##*/}:"; tail -n 15 "$1" | sed 's/^/    /'; } >&2
  return 0
}

# _slurm_wait SECONDS CMD...: polls CMD every 0.2 s until it succeeds, returns 2 (will never
# succeed) or SECONDS pass.
_slurm_wait() {
  local deadline=$((SECONDS + $1)) rc
  shift
  while true; do
    "$@"
    rc=$?
    [[ $rc -eq 0 || $rc -eq 2 ]] && return "$rc"
    [[ $SECONDS -ge $deadline ]] && return 1
    sleep 0.2
  done
}

_slurm_node_idle() {
  grep -qE 'fatal:|Unable to bind listen port' "$SLURM_CLUSTER_DIR/log/slurmd.log" 2>/dev/null && return 2
  local state
  state=$(_slurm_env sinfo -h -N -n "$SLURM_CLUSTER_NODE" -o %T 2>/dev/null)
  [[ $state == idle ]]
}

_slurm_ctld_up() {
  grep -q 'fatal:' "$SLURM_CLUSTER_DIR/log/slurmctld.log" 2>/dev/null && return 2
  _slurm_env scontrol ping 2>/dev/null | grep 'is UP' >/dev/null
}

# _slurm_write_conf: the cluster's slurm.conf, from SLURM_CLUSTER_* and the node's facts.
_slurm_write_conf() {
  cat >"$SLURM_CLUSTER_CONF" <<EOF
# A private one-node cluster for ferry's tests (tests/integration/lib/slurm_cluster.sh).
ClusterName=ferrytest
SlurmctldHost=localhost
SlurmctldPort=${SLURM_CLUSTER_PORTS% *}
SlurmdPort=${SLURM_CLUSTER_PORTS#* }
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$_SLURM_MUNGE_SOCKET
StateSaveLocation=$SLURM_CLUSTER_DIR/state
SlurmdSpoolDir=$SLURM_CLUSTER_DIR/spool
SlurmctldPidFile=$SLURM_CLUSTER_DIR/run/slurmctld.pid
SlurmdPidFile=$SLURM_CLUSTER_DIR/run/slurmd.pid
SlurmctldLogFile=$SLURM_CLUSTER_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_CLUSTER_DIR/log/slurmd.log
TmpFS=$SLURM_CLUSTER_DIR/tmp
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
# sbatch --wait polls every 2 s while its interval is under MinJobAge/2 (else 2, 8, 32 s);
# finished jobs stay visible (scontrol show job) at least this long.
MinJobAge=4
NodeName=$SLURM_CLUSTER_NODE NodeAddr=127.0.0.1 $_SLURM_NODE_FACTS State=UNKNOWN
PartitionName=$SLURM_CLUSTER_PARTITION Nodes=$SLURM_CLUSTER_NODE Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:${SLURM_CLUSTER_OVERSUBSCRIBE:-4}
EOF
  [[ -n ${SLURM_CLUSTER_EXTRA_CONF:-} ]] && printf '%s\n' "$SLURM_CLUSTER_EXTRA_CONF" >>"$SLURM_CLUSTER_CONF"
  return 0
}

# _slurm_port_clash LOG: the daemon whose log this is could not bind its port.
_slurm_port_clash() {
  grep -q 'Address already in use' "$1" 2>/dev/null
}

# _slurm_kill_pidfile PIDFILE: ends the process the file names (TERM, KILL after 5 s).
_slurm_kill_pidfile() {
  local pid i
  pid=$(cat "$1" 2>/dev/null) && [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$1"
  return 0
}

# slurm_cluster_start: installs what is missing, starts munged, slurmctld and slurmd, waits
# for the node to be idle. 0, 77 (cannot work here) or 1 (already started).
slurm_cluster_start() {
  if [[ -n $SLURM_CLUSTER_DIR && -d $SLURM_CLUSTER_DIR ]]; then
    _slurm_say "already started in $SLURM_CLUSTER_DIR"
    return 1
  fi
  SLURM_CLUSTER_DIR=""
  SLURM_CLUSTER_SKIP_REASON=""
  [[ $(id -u) -eq 0 ]] || { _slurm_skip "not root (slurmd runs jobs as root here)"; return; }
  local t0=$SECONDS
  slurm_cluster_install || { _slurm_skip "slurm-wlm and munge are not installed and cannot be"; return; }
  SLURM_CLUSTER_INSTALL_SECONDS=$((SECONDS - t0))
  command -v ss >/dev/null 2>&1 || { _slurm_skip "ss (iproute2) is needed to find free ports"; return; }
  t0=$SECONDS

  local d
  d=$(mktemp -d "${TMPDIR:-/tmp}/ferry-slurm.XXXXXX") || { _slurm_skip "cannot make a directory in ${TMPDIR:-/tmp}"; return; }
  SLURM_CLUSTER_DIR=$d
  SLURM_CLUSTER_CONF=$d/slurm.conf
  # munged wants the directories on its socket's path to be searchable by all, and its key
  # readable by itself alone.
  chmod 755 "$d"
  mkdir -p "$d/munge" "$d/state" "$d/spool" "$d/run" "$d/log" "$d/jobs" "$d/tmp"
  mkdir -m 700 "$d/key"
  if [[ ${#d} -gt 80 ]]; then
    _slurm_skip "the private directory's path $d is too long for munge's socket (set TMPDIR shorter)"
    return
  fi

  # munge: a key of our own and a daemon on our own socket.
  if command -v mungekey >/dev/null 2>&1; then
    mungekey --create --keyfile="$d/key/munge.key" --bits=1024 2>"$d/log/mungekey.err"
  else
    dd if=/dev/urandom of="$d/key/munge.key" bs=128 count=1 status=none
  fi
  chmod 400 "$d/key/munge.key"
  local sock=$d/munge/munge.socket
  if ! _slurm_searchable_by_all "$d"; then
    # A TMPDIR of mode 700: the socket goes to a directory of its own in /tmp.
    local sockdir
    sockdir=$(mktemp -d /tmp/ferry-munge.XXXXXX) || { _slurm_skip "cannot make a directory for munge's socket in /tmp"; return; }
    chmod 755 "$sockdir"
    echo "$sockdir" >"$d/run/sockdir"
    sock=$sockdir/munge.socket
  fi
  env FERRY_SLURM_CLUSTER="$d" munged --socket="$sock" --key-file="$d/key/munge.key" \
    --log-file="$d/log/munged.log" --pid-file="$d/run/munged.pid" --seed-file="$d/munge/munged.seed" \
    >"$d/log/munged.out" 2>&1
  if ! _slurm_wait 10 test -S "$sock" ||
    ! munge --socket="$sock" --no-input 2>/dev/null | unmunge --socket="$sock" >/dev/null 2>&1; then
    _slurm_log_tail "$d/log/munged.out"
    _slurm_log_tail "$d/log/munged.log"
    _slurm_skip "munged does not start or does not answer on $sock"
    return
  fi

  # The node: this host, as slurmd sees it.
  local node facts cpus
  node=$(hostname -s 2>/dev/null || hostname)
  node=${node:-localhost}
  facts=$(slurmd -C 2>/dev/null | grep -m1 '^NodeName=')
  if [[ -n $facts ]]; then
    facts=${facts#NodeName=* }
    cpus=$(sed -n 's/.*\bCPUs=\([0-9]*\).*/\1/p' <<<"$facts")
  else
    cpus=$(nproc)
    facts="CPUs=$cpus RealMemory=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024))"
  fi
  SLURM_CLUSTER_NODE=$node
  SLURM_CLUSTER_CPUS=$cpus
  SLURM_CLUSTER_PARTITION=ferry
  _SLURM_NODE_FACTS=$facts
  _SLURM_MUNGE_SOCKET=$sock

  # Free ports from SLURM_CLUSTER_PORT_MIN, or from a random port in 16817-17815; a port
  # taken between the look and slurmctld's or slurmd's bind (another test starting a cluster
  # at the same moment) makes it try again further on.
  local first=${SLURM_CLUSTER_PORT_MIN:-$((16817 + RANDOM % 500 * 2))} attempt
  for attempt in 1 2 3; do
    SLURM_CLUSTER_PORTS=$(_slurm_free_ports "$first") || { _slurm_skip "no two free TCP ports from $first up"; return; }
    _slurm_write_conf
    rm -f "$d/log/slurmctld.log" "$d/log/slurmd.log"
    # slurmctld forks into the background once it has read its configuration.
    if ! _slurm_env slurmctld -i >"$d/log/slurmctld.out" 2>&1 || ! _slurm_wait 20 _slurm_ctld_up; then
      if _slurm_port_clash "$d/log/slurmctld.log" && [[ $attempt -lt 3 ]]; then
        _slurm_kill_pidfile "$d/run/slurmctld.pid"
        first=$((${SLURM_CLUSTER_PORTS#* } + 1))
        continue
      fi
      _slurm_log_tail "$d/log/slurmctld.out"
      _slurm_log_tail "$d/log/slurmctld.log"
      _slurm_skip "slurmctld does not start (see its log above)"
      return
    fi
    if ! _slurm_env slurmd -N "$node" >"$d/log/slurmd.out" 2>&1 ||
      ! _slurm_wait "${SLURM_CLUSTER_START_TIMEOUT:-60}" _slurm_node_idle; then
      if _slurm_port_clash "$d/log/slurmd.log" && [[ $attempt -lt 3 ]]; then
        _slurm_kill_pidfile "$d/run/slurmd.pid"
        _slurm_kill_pidfile "$d/run/slurmctld.pid"
        rm -rf "$d/state" "$d/spool" && mkdir -p "$d/state" "$d/spool"
        first=$((${SLURM_CLUSTER_PORTS#* } + 1))
        continue
      fi
      _slurm_log_tail "$d/log/slurmd.out"
      _slurm_log_tail "$d/log/slurmd.log"
      _slurm_log_tail "$d/log/slurmctld.log"
      _slurm_env sinfo -N -l >&2 2>/dev/null
      _slurm_skip "slurmd does not start or node $node does not become idle"
      return
    fi
    break
  done
  SLURM_CLUSTER_START_SECONDS=$((SECONDS - t0))
  return 0
}

# slurm_cluster_stop: cancels the jobs, ends every process started for the cluster (by PID:
# the daemons' PID files and the processes marked with its directory) and removes the
# directory. Safe to call more than once, before a start, and from a trap.
slurm_cluster_stop() {
  local d=${SLURM_CLUSTER_DIR:-}
  [[ -n $d && -d $d ]] || { SLURM_CLUSTER_DIR=""; return 0; }
  if _slurm_pid_alive "$d/run/slurmctld.pid"; then
    local running=()
    mapfile -t running < <(SLURM_CONF="$d/slurm.conf" timeout 5 squeue -h -o %A 2>/dev/null | sort -u)
    [[ ${#running[@]} -gt 0 ]] && SLURM_CONF="$d/slurm.conf" timeout 5 scancel "${running[@]}" >/dev/null 2>&1
  fi
  local f pids=() pid round
  for f in slurmd slurmctld; do
    pid=$(cat "$d/run/$f.pid" 2>/dev/null) && [[ -n $pid ]] && pids+=("$pid")
  done
  mapfile -t -O "${#pids[@]}" pids < <(_slurm_our_pids "$d")
  # munged last: slurmd and slurmctld may still talk to it while they stop.
  pid=$(cat "$d/run/munged.pid" 2>/dev/null) && [[ -n $pid ]] && pids+=("$pid")
  [[ ${#pids[@]} -gt 0 ]] && kill -TERM "${pids[@]}" 2>/dev/null
  for round in $(seq 50); do
    local alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [[ ${#alive[@]} -eq 0 ]] && break
    if [[ $round -eq 50 ]]; then
      kill -KILL "${alive[@]}" 2>/dev/null
    fi
    sleep 0.1
  done
  # Anything marked that appeared meanwhile (a job step that was starting).
  mapfile -t pids < <(_slurm_our_pids "$d")
  [[ ${#pids[@]} -gt 0 ]] && kill -KILL "${pids[@]}" 2>/dev/null
  local sockdir
  sockdir=$(cat "$d/run/sockdir" 2>/dev/null) && [[ $sockdir == /tmp/ferry-munge.* ]] && rm -rf "$sockdir"
  rm -rf "$d"
  SLURM_CLUSTER_DIR=""
  return 0
}

# slurm_run_array CMD_SCRIPT N [SBATCH_ARG...]: runs CMD_SCRIPT as a job array of N tasks
# (sbatch --array=FIRST-(FIRST+N-1) --wait; FIRST is $SLURM_RUN_ARRAY_FIRST, default 0) from
# the current directory, each task's output in $SLURM_CLUSTER_DIR/jobs/<job>_<task>.out
# (unless SBATCH_ARGs give --output). Returns when every task has ended: 0 if all of them
# exited 0, else sbatch's status (the highest exit code among the tasks), after printing the
# tasks' states and the output of those that failed. SLURM_RUN_ARRAY_TIMEOUT (default 600 s)
# bounds the wait: then the array is cancelled and 124 returned.
slurm_run_array() {
  [[ $# -ge 2 ]] || { _slurm_say "usage: slurm_run_array CMD_SCRIPT N [SBATCH_ARG...]"; return 2; }
  local script=$1 n=$2
  shift 2
  [[ -n $SLURM_CLUSTER_DIR && -d $SLURM_CLUSTER_DIR ]] || { _slurm_say "no cluster: call slurm_cluster_start first"; return 2; }
  [[ -r $script ]] || { _slurm_say "cannot read $script"; return 2; }
  [[ $n =~ ^[1-9][0-9]*$ ]] || { _slurm_say "N must be a positive number, not '$n'"; return 2; }
  local first=${SLURM_RUN_ARRAY_FIRST:-0}
  local jobs=$SLURM_CLUSTER_DIR/jobs rc id
  SLURM_CLUSTER_LAST_OUTPUT=$jobs/%A_%a.out
  _slurm_env timeout "${SLURM_RUN_ARRAY_TIMEOUT:-600}" \
    sbatch --parsable --wait --array="$first-$((first + n - 1))" --partition="$SLURM_CLUSTER_PARTITION" \
    --output="$jobs/%A_%a.out" "$@" "$script" >"$jobs/submit.out" 2>"$jobs/submit.err"
  rc=$?
  id=$(head -n1 "$jobs/submit.out" 2>/dev/null)
  id=${id%%;*}
  SLURM_CLUSTER_LAST_JOB=$id
  SLURM_CLUSTER_LAST_OUTPUT=$jobs/${id}_%a.out
  [[ $rc -eq 0 ]] && return 0
  if [[ -z $id ]]; then
    _slurm_say "sbatch failed (exit $rc): $(cat "$jobs/submit.err")"
    return "$rc"
  fi
  if [[ $rc -eq 124 ]]; then
    _slurm_say "job array $id not done after ${SLURM_RUN_ARRAY_TIMEOUT:-600} s; cancelling it"
    _slurm_env scancel "$id" >/dev/null 2>&1
  fi
  local states task failed=() f
  states=$(_slurm_env scontrol -o show job "$id" 2>/dev/null |
    sed -n 's/.*ArrayTaskId=\([^ ]*\).*JobState=\([^ ]*\).*ExitCode=\([^ ]*\).*/\1 \2 \3/p' | sort -n)
  _slurm_say "job array $id failed (sbatch exit $rc); its tasks:"
  while read -r task state f; do
    [[ -n $task ]] || continue
    echo "  task $task: $state, exit $f" >&2
    [[ $state == COMPLETED ]] || failed+=("$jobs/${id}_$task.out")
  done <<<"$states"
  # The output of the tasks that did not complete (of all of them if their states are gone).
  [[ ${#failed[@]} -gt 0 ]] || failed=("$jobs/${id}"_*.out)
  for f in "${failed[@]}"; do
    [[ -s $f ]] || continue
    echo "--- ${f##*/} (last lines):" >&2
    tail -n 10 "$f" | sed 's/^/    /' >&2
  done
  return "$rc"
}
