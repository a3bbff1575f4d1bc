#!/usr/bin/env bash
# network_timeouts.sh — a registry or docker daemon that stops answering costs ferry a bounded,
# configured time and ends in a message naming the peer and what stalled, never a hang or
# Poco's bare "Timeout". Peers: silent_server.py (accepts and never answers, plain or after a
# TLS handshake; a full accept queue; a fake engine that stalls mid-answer) and fault_proxy.py in
# front of the lab's registry (a blob that stalls mid-transfer). The timeouts are set low through
# FERRY_REGISTRY_CONNECT_TIMEOUT / FERRY_REGISTRY_TIMEOUT and FERRY_DAEMON_CONNECT_TIMEOUT /
# FERRY_DAEMON_TIMEOUT.
#
#   FERRY=/path/to/ferry FIXTURES=/path/to/fixtures LAB_DIR=../shared/lab bash network_timeouts.sh
#
# The last line of output is "N passed, N failed"; exits 77 without python3, openssl or jq
# (the registry checks also skip, saying so, without docker-registry).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/check.sh"  # FERRY, LAB_DIR, FIXTURES and the checks
source "$HERE/fault_proxy.sh"
require_tools python3 openssl jq
ensure_fixtures

W=$(mktemp -d "${TMPDIR:-/tmp}/ferry-timeouts.XXXXXX")
PEERS=()
REG_DIR=""
cleanup() {
  local p
  stop_proxy
  for p in "${PEERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [[ -n $REG_DIR ]] && bash "$LAB_DIR/registry.sh" stop "$REG_DIR" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
after_check() { stop_proxy; }

CONNECT=2 # seconds, both transports
IDLE=3
export FERRY_REGISTRY_CONNECT_TIMEOUT=$CONNECT FERRY_REGISTRY_TIMEOUT=$IDLE
export FERRY_DAEMON_CONNECT_TIMEOUT=$CONNECT FERRY_DAEMON_TIMEOUT=$IDLE

# start_peer NAME MODE [ARGS...]: a silent_server.py; sets NAME to its port (or socket path).
start_peer() {
  local name=$1 mode=$2 i
  shift 2
  python3 "$HERE/silent_server.py" "$mode" --port-file "$W/$name.port" --lifetime 600 "$@" &
  PEERS+=($!)
  for ((i = 0; i < 100; i++)); do [[ -s $W/$name.port ]] && break; sleep 0.05; done
  printf -v "$name" '%s' "$(cat "$W/$name.port")"
}
start_peer SILENT silent
mkdir -p "$W/tls-certs" "$W/ca"
start_peer TLS tls --cert-dir "$W/tls-certs"
cp "$W/tls-certs/server.crt" "$W/ca/ca.crt" # the peer's certificate is its own CA
start_peer BACKLOG backlog
start_peer SILENT_SOCK silent --unix "$W/silent.sock"
start_peer BACKLOG_SOCK backlog --unix "$W/backlog.sock"
start_peer ENGINE_SOCK engine --unix "$W/engine.sock"

# bounded LIMIT ERRFILE FERRY-ARGS...: runs ferry (cut off 10 s after LIMIT), expecting it to fail
# within LIMIT seconds; its stderr goes to ERRFILE.
bounded() {
  local limit=$1 err=$2 start rc elapsed
  shift 2
  start=$(date +%s%N)
  timeout $((limit + 10)) "$FERRY" --insecure-policy "$@" >/dev/null 2>"$err"
  rc=$?
  elapsed=$((($(date +%s%N) - start) / 1000000))
  cat "$err"
  echo "exit $rc after ${elapsed} ms (limit ${limit} s)"
  [[ $rc == 1 ]] && ((elapsed <= limit * 1000))
}
# says ERRFILE TEXT: the message holds TEXT (fixed string) and not Poco's bare "Timeout".
says() {
  grep -qF -- "$2" "$1" || { echo "no '$2' in the message"; return 1; }
  ! grep -q 'Timeout' "$1" || { echo "Poco's text in the message"; return 1; }
}

# ------------------------------------------------------------------- registries

registry_silent_plain() { # https is tried first, then http: each gives up after its timeout
  bounded $((CONNECT + IDLE + 3)) "$W/e" inspect --tls-verify=false "docker://127.0.0.1:$SILENT/lab/x:1" &&
    says "$W/e" "TLS handshake with 127.0.0.1:$SILENT: no answer within $CONNECT s" &&
    says "$W/e" "GET http://127.0.0.1:$SILENT/v2/: no answer for $IDLE s"
}
registry_silent_tls() { # a server that never completes the TLS handshake
  bounded $((CONNECT + 3)) "$W/e" inspect "docker://127.0.0.1:$SILENT/lab/x:1" &&
    says "$W/e" "GET https://127.0.0.1:$SILENT/v2/: TLS handshake with 127.0.0.1:$SILENT: no answer within $CONNECT s"
}
registry_silent_after_handshake() { # TLS completes, the HTTP answer never comes
  bounded $((IDLE + 3)) "$W/e" inspect --cert-dir "$W/ca" "docker://127.0.0.1:$TLS/lab/x:1" &&
    says "$W/e" "GET https://127.0.0.1:$TLS/v2/: no answer for $IDLE s"
}
registry_connect_never_completes() {
  bounded $((CONNECT + 3)) "$W/e" inspect --tls-verify=false "docker://127.0.0.1:$BACKLOG/lab/x:1" &&
    says "$W/e" "connecting to 127.0.0.1:$BACKLOG: no answer within $CONNECT s"
}

REG=""
start_registry() {
  [[ -x /usr/bin/docker-registry ]] || return 1
  local env
  env=$(LAB_REG_BASE=$W bash "$LAB_DIR/registry.sh" start http 2>"$W/start.err") || return 1
  eval "$env"
  REG_DIR=$LAB_REG_DIR
  REG=$LAB_REG_ADDR
  "$FERRY" --insecure-policy copy --quiet --dest-tls-verify=false "oci:$FIXTURES/oci/zstd" "docker://$REG/lab/zstd:1"
}
registry_blob_stalls_mid_transfer() {
  [[ -n $REG ]] || { echo "no registry"; return 1; }
  # The first blob GET sends 100 kB and stalls; every resume after it stalls at once.
  start_proxy "$REG" 'GET /blobs/sha256: stall after=100000 seconds=120 count=1' \
    'GET /blobs/sha256: stall after=0 seconds=120 count=0'
  "$FERRY" --insecure-policy copy --quiet "oci:$FIXTURES/oci/tiny" "dir:$W/pulled" && cp -a "$W/pulled" "$W/pulled.before" ||
    return 1
  # 5 attempts without progress, each silent for IDLE, with 1+2+4+8 s of back-off between them.
  bounded $((5 * IDLE + 15 + 8)) "$W/e" copy --src-tls-verify=false "docker://$PX/lab/zstd:1" "dir:$W/pulled" &&
    grep -qE "reading blob sha256:[0-9a-f]{64} from 127.0.0.1:${PX#*:}/lab/zstd: no data for $IDLE s" "$W/e" &&
    says "$W/e" "(gave up after" || return 1
  diff -r "$W/pulled" "$W/pulled.before" && [[ -z $(find "$W" -maxdepth 1 -name '.pulled.ferry-*') ]]
}

# ------------------------------------------------------------------- docker daemons

daemon_silent() { # connects, never answers /_ping
  bounded $((CONNECT + 3)) "$W/e" inspect --daemon-host "unix://$SILENT_SOCK" docker-daemon:lab/x:1 &&
    says "$W/e" "reading from the docker daemon at unix://$SILENT_SOCK: no data for $CONNECT s"
}
daemon_connect_never_completes() {
  bounded $((CONNECT + 3)) "$W/e" inspect --daemon-host "unix://$BACKLOG_SOCK" docker-daemon:lab/x:1 &&
    says "$W/e" "connecting to the docker daemon at unix://$BACKLOG_SOCK: no answer within $CONNECT s"
}
daemon_tcp_connect_never_completes() {
  bounded $((CONNECT + 3)) "$W/e" inspect --daemon-host "tcp://127.0.0.1:$BACKLOG" docker-daemon:lab/x:1 &&
    says "$W/e" "connecting to the docker daemon at tcp://127.0.0.1:$BACKLOG: no answer within $CONNECT s"
}
daemon_silent_tls() { # a tcp daemon that never completes the TLS handshake
  bounded $((CONNECT + 3)) "$W/e" inspect --daemon-host "https://127.0.0.1:$SILENT" docker-daemon:lab/x:1 &&
    says "$W/e" "TLS handshake with the docker daemon at https://127.0.0.1:$SILENT: no answer within $CONNECT s"
}
daemon_save_stalls() { # the engine answers /_ping, then stops after 1 KiB of docker save's tar
  bounded $((IDLE + 3)) "$W/e" copy --src-daemon-host "unix://$ENGINE_SOCK" docker-daemon:lab/x:1 "dir:$W/saved" &&
    says "$W/e" "reading from the docker daemon at unix://$ENGINE_SOCK: no data for $IDLE s" && [[ ! -e $W/saved ]]
}
daemon_load_stalls() { # docker load's answer stops after 1 KiB
  bounded $((IDLE + 3)) "$W/e" copy --dest-daemon-host "unix://$ENGINE_SOCK" "oci:$FIXTURES/oci/tiny" docker-daemon:lab/x:1 &&
    says "$W/e" "reading from the docker daemon at unix://$ENGINE_SOCK: no data for $IDLE s"
}

check "registry: a silent server over https and http costs the two timeouts, named" registry_silent_plain
check "registry: a TLS handshake that never completes ends after the connect timeout" registry_silent_tls
check "registry: no answer after the TLS handshake ends after the idle timeout" registry_silent_after_handshake
check "registry: a connect that never completes ends after the connect timeout" registry_connect_never_completes
if start_registry; then
  check "registry: a blob stalling mid-transfer fails after the resumes, naming blob and host; the old dir stays" \
    registry_blob_stalls_mid_transfer
else
  echo "skip - registry: a blob stalling mid-transfer (no docker-registry here: $(head -c 200 "$W/start.err" 2>/dev/null))"
fi
check "daemon: a silent daemon ends after the connect timeout (its /_ping is part of connecting)" daemon_silent
check "daemon: a unix-socket connect that never completes ends after the connect timeout" daemon_connect_never_completes
check "daemon: a tcp connect that never completes ends after the connect timeout" daemon_tcp_connect_never_completes
check "daemon: a TLS handshake that never completes ends after the connect timeout" daemon_silent_tls
check "daemon: docker save stalling mid-tar ends after the idle timeout; no destination" daemon_save_stalls
check "daemon: docker load's answer stalling ends after the idle timeout" daemon_load_stalls
report
