#!/usr/bin/env bash
# Cadang working on this machine, with nothing installed by hand: builds (first run only) the
# pinned control plane and Vault from the Go module proxy and the cadang jars, then starts the
# local control plane, the node stand-in, s3proxy, a sample PostgreSQL database and Vault,
# installs helm/cadang, applies a per-minute backup policy and a restore, and prints
# `kubectl get backuppolicies,backupruns,restorerequests` as they progress. Ctrl-C stops it all.
#
# Needs root (the node stand-in bind-mounts volumes in private mount namespaces, and PostgreSQL
# runs as the `postgres` user), Go, Java 17, Maven, kubectl and PostgreSQL 15's server binaries.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "$(id -u)" -ne 0 ]; then
  echo "demo: run as root (the node stand-in mounts volumes in private mount namespaces)" >&2
  exit 2
fi
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
command -v prometheus >/dev/null || { echo "demo: prometheus not found (Debian: apt-get install prometheus)" >&2; exit 2; }
e2e/bin/build-binaries.sh >/dev/null
# Rebuild when a jar is missing or older than any source or the chart: a stale operator jar against
# the chart's newer CRDs is not the system the demo claims to show.
stale() {
  [ ! -f "$1" ] || [ -n "$(find operator e2e/src helm pom.xml -path '*/target' -prune -o -type f -newer "$1" -print -quit)" ]
}
if stale e2e/target/local-node.jar || stale operator/app/target/cadang.jar; then
  echo "building cadang.jar and the e2e environment ..." >&2
  mvn -B -q -DskipTests package
fi
# Once the chart is installed, helm-java's Go runtime owns SIGINT/SIGTERM in the demo's JVM, so a
# signal would not run its teardown: Ctrl-C here creates a file the demo watches, and it exits
# cleanly, stopping every process it started.
stop_file="$(mktemp -u /tmp/cadang-demo-stop.XXXXXX)"
java -Dcadang.demo.stopFile="$stop_file" -cp e2e/target/local-node.jar io.cadang.e2e.Demo &
pid=$!
trap 'touch "$stop_file"' INT TERM
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" || true
done
rm -f "$stop_file"
