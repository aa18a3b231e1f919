# Source it. phase NAME COMMAND...: runs COMMAND and prints how long it took,
# so CI logs show where the time of a run goes. Returns COMMAND's status.
phase() {
  local name=$1 started=$SECONDS status=0
  shift
  echo "=== phase $name: started"
  "$@" || status=$?
  echo "=== phase $name: $((SECONDS - started))s (exit $status)"
  return $status
}
