#!/usr/bin/env bash
# Builds the pinned control-plane binaries (etcd, kube-apiserver, kube-controller-manager, vault)
# and the Object Lock S3 test server (versitygw, used by operator/testkit's LockingS3Server) from
# the Go module proxy and caches them. The cache key is a hash of the Go modules under
# e2e/tools and the Go version, so a pin change (or a new Go) rebuilds and nothing else does: every
# input is hashed by content and relative path, never by where the checkout is.
# Prints the directory holding the binaries on stdout; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="$here/tools"
cache_root="${CADANG_E2E_CACHE:-$HOME/.cache/cadang-e2e}"

key="$( (cd "$tools" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) | LC_ALL=C sort | xargs sha256sum; go version; sha256sum < "$here/bin/build-binaries.sh") | sha256sum | cut -c1-16)"
out="$cache_root/bin-$key"
wanted=(etcd kube-apiserver kube-controller-manager vault versitygw)

complete() { for b in "${wanted[@]}"; do [ -x "$out/$b" ] || return 1; done; }

if complete; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache_root"
staging="$(mktemp -d "$cache_root/.building-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
start=$(date +%s)
# -trimpath: the same pins give the same binaries whatever the checkout path.
echo "building Kubernetes v1.34 control plane and etcd (first run: several minutes)..." >&2
# The version the API server reports (kubectl version, Helm's kubeVersion checks) is stamped at
# link time upstream; without it the server says v0.0.0-master.
k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2}' "$tools/k8s/go.mod")"
minor="$(echo "$k8s_version" | cut -d. -f2)"
stamp="-X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1"
stamp="$stamp -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
(cd "$tools/k8s" && go build -trimpath -ldflags "$stamp" -o "$staging/" ./cmd/...)
echo "building vault..." >&2
(cd "$tools/vault" && go build -trimpath -o "$staging/" ./cmd/vault)
echo "building versitygw (Object Lock + IAM S3 test server)..." >&2
(cd "$tools/versitygw" && go build -trimpath -o "$staging/" github.com/versity/versitygw/cmd/versitygw)
rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
echo "built in $(( $(date +%s) - start )) s: $out" >&2
echo "$out"
