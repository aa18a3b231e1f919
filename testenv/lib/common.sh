# Shell helpers shared by the test world's start and stop scripts. Source it.
#
# Processes are tracked by pid files in $state/pids; a pid file also records the
# command the process was started with, so a stop never signals a process that
# merely reused the pid.

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_daemon NAME LOGFILE COMMAND...: runs COMMAND in the background, detached
# from the terminal, and records its pid in $state/pids/NAME.pid.
start_daemon() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$state/pids"
  setsid "$@" >"$log" 2>&1 </dev/null &
  local pid=$!
  printf '%s %s\n' "$pid" "$1" >"$state/pids/$name.pid"
}

# daemon_alive NAME: true when the process recorded for NAME is still running
# the program it was started with.
daemon_alive() {
  local file="$state/pids/$1.pid" pid program
  [[ -f $file ]] || return 1
  read -r pid program <"$file"
  [[ -r /proc/$pid/cmdline ]] || return 1
  [[ $(tr '\0' '\n' </proc/"$pid"/cmdline | head -n1) == "$program" ]]
}

# stop_daemon NAME: sends SIGTERM to the process recorded for NAME, waits up to
# 20 s, then SIGKILL; removes the pid file. Harmless if it is not running.
stop_daemon() {
  local name=$1 file="$state/pids/$1.pid" pid program
  if daemon_alive "$name"; then
    read -r pid program <"$file"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do
      daemon_alive "$name" || break
      sleep 0.1
    done
    if daemon_alive "$name"; then
      echo "testenv: $name did not stop after SIGTERM, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# wait_for NAME DESCRIPTION SECONDS COMMAND...: retries COMMAND every 0.2 s
# until it succeeds; fails at once if the daemon NAME has exited, or after
# SECONDS, printing DESCRIPTION.
wait_for() {
  local name=$1 what=$2 seconds=$3
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! daemon_alive "$name"; then
      echo "testenv: $name exited while waiting for $what" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "testenv: timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
}
