# Sourced by the scripts that put fault_proxy.py between ferry and a registry.
# The sourcing script sets W (its work directory) and calls stop_proxy when a
# check ends and on exit.
FAULT_PROXY=$(dirname "${BASH_SOURCE[0]}")/fault_proxy.py
PROXY_PID=""

# start_proxy UPSTREAM [--upstream-tls] [--upstream-auth USER:PASS] [RULE...]:
# a fresh proxy in front of UPSTREAM, logging to $W/proxy.log; sets PX to its address.
start_proxy() {
  local upstream=$1 args=() i
  shift
  while [[ $# -gt 0 ]]; do
    case $1 in
      --upstream-tls) args+=("$1") ;;
      --upstream-auth) args+=("$1" "$2"); shift ;;
      *) args+=(--rule "$1") ;;
    esac
    shift
  done
  rm -f "$W/port" "$W/proxy.log"
  python3 "$FAULT_PROXY" --upstream "$upstream" --port-file "$W/port" --log "$W/proxy.log" --lifetime 300 \
    "${args[@]}" &
  PROXY_PID=$!
  for ((i = 0; i < 100; i++)); do [[ -s $W/port ]] && break; sleep 0.05; done
  PX=127.0.0.1:$(cat "$W/port")
  touch "$W/proxy.log"
}

stop_proxy() {
  if [[ -n $PROXY_PID ]]; then
    kill "$PROXY_PID" 2>/dev/null
    wait "$PROXY_PID" 2>/dev/null
    PROXY_PID=""
  fi
}

# proxy_lines PATTERN: how many lines of the proxy's log match.
proxy_lines() { grep -c "$1" "$W/proxy.log" || true; }
