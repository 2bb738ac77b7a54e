#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1, without Docker: etcd, kube-apiserver (RBAC,
# service-account tokens, TokenReview) and kube-controller-manager (Job, garbage collector,
# namespace, service accounts, Deployments, PV binding, ...). There is no kubelet: the node
# stand-in (io.cadang.e2e.node.LocalNode) registers a Node and runs pods as local processes.
#
#   control-plane.sh start DIR   start everything, state in DIR; prints DIR/kubeconfig
#   control-plane.sh stop DIR    stop every process started for DIR, by its PID
#
# DIR gets: pki/ (CA, serving and client certificates, service-account key), kubeconfig (the
# cluster admin), ports.env (ETCD_PORT, APISERVER_PORT, KCM_PORT), logs/, pids/, etcd/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd="$1"
dir="$2"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

stop() {
  [ -d "$dir/pids" ] || return 0
  # Reverse start order: controllers before the API server before etcd.
  for name in kube-controller-manager kube-apiserver etcd; do
    f="$dir/pids/$name.pid"
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

pki() {
  local p="$dir/pki"
  mkdir -p "$p"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=cadang-e2e-ca" \
    -keyout "$p/ca.key" -out "$p/ca.crt" 2>/dev/null
  # Serving certificate: pods reach the API as https://127.0.0.1 and by the in-cluster names.
  cat >"$p/serving.ext" <<EXT
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
EXT
  issue serving "/CN=kube-apiserver" "$p/serving.ext"
  printf 'extendedKeyUsage=clientAuth\n' >"$p/client.ext"
  issue admin "/O=system:masters/CN=cadang-e2e-admin" "$p/client.ext"
  issue kcm "/CN=system:kube-controller-manager" "$p/client.ext"
  openssl genrsa -out "$p/sa.key" 2048 2>/dev/null
  openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
}

issue() {
  local name="$1" subject="$2" ext="$3" p="$dir/pki"
  openssl req -newkey rsa:2048 -nodes -subj "$subject" -keyout "$p/$name.key" -out "$p/$name.csr" 2>/dev/null
  openssl x509 -req -in "$p/$name.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial \
    -days 3 -extfile "$ext" -out "$p/$name.crt" 2>/dev/null
}

kubeconfig() {
  local file="$1" user="$2"
  cat >"$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: cadang-e2e
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $dir/pki/ca.crt
users:
- name: $user
  user:
    client-certificate: $dir/pki/$user.crt
    client-key: $dir/pki/$user.key
contexts:
- name: cadang-e2e
  context: {cluster: cadang-e2e, user: $user, namespace: default}
current-context: cadang-e2e
KC
}

launch() {
  local name="$1"
  shift
  # setsid: each component in its own session, so a test runner's signals do not reach it and
  # stop() is the one way it ends.
  setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

wait_for() {
  local what="$1" url="$2" deadline=$((SECONDS + 120))
  shift 2
  until curl -sf --cacert "$dir/pki/ca.crt" --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key" "$@" "$url" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "control-plane: $what not ready after 120 s; last lines of its log:" >&2
      tail -n 20 "$dir/logs/$what.log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
}

start() {
  local bin
  bin="${CADANG_E2E_BIN:-$("$here/build-binaries.sh")}"
  mkdir -p "$dir/logs" "$dir/pids" "$dir/etcd"
  stop
  ETCD_PORT=$(free_port)
  ETCD_PEER_PORT=$(free_port)
  APISERVER_PORT=$(free_port)
  KCM_PORT=$(free_port)
  printf 'ETCD_PORT=%s\nAPISERVER_PORT=%s\nKCM_PORT=%s\nBIN=%s\n' "$ETCD_PORT" "$APISERVER_PORT" "$KCM_PORT" "$bin" >"$dir/ports.env"
  [ -f "$dir/pki/ca.crt" ] || pki

  # No fsync: this etcd holds throwaway test state; durability would only cost seconds.
  launch etcd "$bin/etcd" --name e2e --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "e2e=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
  until curl -sf "http://127.0.0.1:$ETCD_PORT/health" >/dev/null 2>&1; do sleep 0.2; done

  launch kube-apiserver "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$dir/pki/serving.crt" --tls-private-key-file "$dir/pki/serving.key" \
    --client-ca-file "$dir/pki/ca.crt" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/pki/sa.pub" \
    --service-account-signing-key-file "$dir/pki/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --allow-privileged=true \
    --endpoint-reconciler-type none \
    --profiling=false
  wait_for kube-apiserver "https://127.0.0.1:$APISERVER_PORT/readyz"

  kubeconfig "$dir/kubeconfig" admin
  kubeconfig "$dir/kcm.kubeconfig" kcm
  launch kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig "$dir/kcm.kubeconfig" \
    --authentication-kubeconfig "$dir/kcm.kubeconfig" --authorization-kubeconfig "$dir/kcm.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
    --controllers job-controller,garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller,deployment-controller,replicaset-controller,root-ca-certificate-publisher-controller,persistentvolume-binder-controller,ttl-after-finished-controller,pod-garbage-collector-controller,endpointslice-controller \
    --service-account-private-key-file "$dir/pki/sa.key" \
    --root-ca-file "$dir/pki/ca.crt" \
    --use-service-account-credentials \
    --leader-elect=false
  # The controller manager serves /healthz with a self-signed certificate of its own.
  wait_for kube-controller-manager "https://127.0.0.1:$KCM_PORT/healthz" --insecure
  # The default ServiceAccount appears once the controllers run; pods need it to be admitted.
  local deadline=$((SECONDS + 60))
  until KUBECONFIG="$dir/kubeconfig" kubectl get serviceaccount default -n default >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "control-plane: no default ServiceAccount after 60 s" >&2; stop; exit 1; }
    sleep 0.5
  done
  echo "$dir/kubeconfig"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
