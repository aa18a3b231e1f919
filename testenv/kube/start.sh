#!/usr/bin/env bash
# Starts the test world's Kubernetes control plane on loopback: etcd and the
# upstream kube-apiserver (built by build.sh), with a CA made here, RBAC
# authorization and two identities:
#   admin        client certificate in group system:masters  -> $state/admin.kubeconfig
#   tablekeeper  bearer token, bound only to deploy/rbac/     -> $state/tablekeeper.kubeconfig
# Writes $state/kube.env (ports, binaries) and waits for /readyz.
#
# Usage: start.sh STATE_DIR. Harmless when already running: it checks and returns.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
state=${1:?usage: start.sh STATE_DIR}/kube
source "$here/../lib/common.sh"
mkdir -p "$state"

bin=$("$here/build.sh")
kubectl="$bin/kubectl"

admin_ready() {
  "$kubectl" --kubeconfig "$state/admin.kubeconfig" get --raw /readyz
}

if daemon_alive etcd && daemon_alive kube-apiserver && admin_ready >/dev/null 2>&1; then
  echo "testenv: kube-apiserver already running ($(grep KUBE_APISERVER "$state/kube.env"))"
  exit 0
fi
# Anything half-started from an earlier run goes first.
stop_daemon kube-apiserver
stop_daemon etcd

make_certificates() {
  local certs=$state/certs
  [[ -f $certs/ca.crt ]] && return
  mkdir -p "$certs"
  (
    cd "$certs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -keyout ca.key -out ca.crt -subj "/CN=tablekeeper-testenv-ca" 2>/dev/null
    issue() {  # issue NAME SUBJECT [EXTENSIONS]
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
        -out "$1.crt" ${3:+-extfile <(printf '%s' "$3")} 2>/dev/null
      rm "$1.csr"
    }
    issue apiserver "/CN=kube-apiserver" \
      "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
    issue admin "/O=system:masters/CN=testenv-admin" "extendedKeyUsage=clientAuth"
    openssl genrsa -out service-account.key 2048 2>/dev/null
    openssl rsa -in service-account.key -pubout -out service-account.pub 2>/dev/null
    # token,user,uid,"groups": the controller's identity for the test world.
    printf '%s,tablekeeper,tablekeeper,""\n' "$(openssl rand -hex 24)" >tokens.csv
  )
}

write_kubeconfig() {  # write_kubeconfig FILE USER CREDENTIAL-LINES
  local b64ca
  b64ca=$(base64 -w0 <"$state/certs/ca.crt")
  cat >"$1" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: testenv
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority-data: $b64ca
users:
- name: $2
  user:
$3
contexts:
- name: $2@testenv
  context: {cluster: testenv, user: $2}
current-context: $2@testenv
KUBECONFIG
  chmod 600 "$1"
}

make_certificates
etcd_port=$(free_port)
etcd_peer_port=$(free_port)
apiserver_port=$(free_port)
certs=$state/certs

rm -rf "$state/etcd-data"
start_daemon etcd "$state/etcd.log" "$bin/etcd" --data-dir "$state/etcd-data" \
  --listen-client-url "http://127.0.0.1:$etcd_port" --listen-peer-url "http://127.0.0.1:$etcd_peer_port"
wait_for etcd "etcd on port $etcd_port (log: $state/etcd.log)" 60 \
  curl -sf "http://127.0.0.1:$etcd_port/health"

start_daemon kube-apiserver "$state/kube-apiserver.log" "$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$apiserver_port" \
  --cert-dir "$certs" --tls-cert-file "$certs/apiserver.crt" --tls-private-key-file "$certs/apiserver.key" \
  --client-ca-file "$certs/ca.crt" --token-auth-file "$certs/tokens.csv" \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$certs/service-account.pub" \
  --service-account-signing-key-file "$certs/service-account.key" \
  --service-cluster-ip-range 10.0.0.0/24 --endpoint-reconciler-type none \
  --authorization-mode RBAC --disable-admission-plugins ServiceAccount --allow-privileged=true

write_kubeconfig "$state/admin.kubeconfig" testenv-admin "    client-certificate-data: $(base64 -w0 <"$certs/admin.crt")
    client-key-data: $(base64 -w0 <"$certs/admin.key")"
write_kubeconfig "$state/tablekeeper.kubeconfig" tablekeeper "    token: $(cut -d, -f1 "$certs/tokens.csv")"

wait_for kube-apiserver "kube-apiserver /readyz on port $apiserver_port (log: $state/kube-apiserver.log)" 120 admin_ready

# The controller's identity gets exactly the project's RBAC.
admin=(--kubeconfig "$state/admin.kubeconfig")
"$kubectl" "${admin[@]}" apply -f "$root/deploy/rbac/clusterrole.yaml" >/dev/null
"$kubectl" "${admin[@]}" create clusterrolebinding tablekeeper --clusterrole tablekeeper \
  --user tablekeeper --dry-run=client -o yaml | "$kubectl" "${admin[@]}" apply -f - >/dev/null
"$kubectl" "${admin[@]}" create namespace tablekeeper-system --dry-run=client -o yaml |
  "$kubectl" "${admin[@]}" apply -f - >/dev/null
"$kubectl" "${admin[@]}" -n tablekeeper-system apply -f "$root/deploy/rbac/leader-election-role.yaml" >/dev/null
"$kubectl" "${admin[@]}" -n tablekeeper-system create rolebinding tablekeeper-leader-election \
  --role tablekeeper-leader-election --user tablekeeper --dry-run=client -o yaml |
  "$kubectl" "${admin[@]}" apply -f - >/dev/null

cat >"$state/kube.env" <<ENV
KUBE_BIN=$bin
KUBE_APISERVER=https://127.0.0.1:$apiserver_port
ETCD_SERVER=http://127.0.0.1:$etcd_port
ENV
echo "testenv: kube-apiserver $("$kubectl" "${admin[@]}" version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])') ready at https://127.0.0.1:$apiserver_port"
