# Sourced by the CI scripts: free_port prints a TCP port that is free on 127.0.0.1 now and that no earlier call of
# this run has handed out. The kernel may give the same free port to two asks in a row (nothing holds it between
# the ask and the bind), and two services on one port make one of them fail to start while a health check on that
# port answers for the other. Handed-out ports are remembered in a file: callers run it in $(...), a subshell.
CI_PORTS_FILE=${CI_PORTS_FILE:-$(mktemp)}
export CI_PORTS_FILE
free_port() {
  local port
  while :; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    grep -qx "$port" "$CI_PORTS_FILE" || break
  done
  echo "$port" >>"$CI_PORTS_FILE"
  echo "$port"
}
