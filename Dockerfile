# syntax=docker/dockerfile:1.7
# The Cadang image: one image for the operator (`cadang operator`), backup and restore Jobs and WAL
# streamers (`cadang backup|restore|recover|wal-stream`), which the operator starts with
# command ["cadang"].
#
#   docker build -t ghcr.io/cadang/cadang:0.1.0 .
#
# Runtime contract (checked by operator/deploy-tests DockerfileTest against the chart and the
# controller's agent pod spec):
#   - runs as uid/gid 65532, so runAsNonRoot can be verified by the kubelet;
#   - needs no writable root filesystem: everything writable is /tmp (an emptyDir in every pod),
#     the restore scratch space is /scratch (an emptyDir the restore Job mounts);
#   - PostgreSQL tools of every supported major under /usr/lib/postgresql/<major>/bin, the Debian
#     layout PgTools searches: it picks the server's major, else the lowest newer one (pg_dump must
#     be at least the server's major version).

ARG PG_MAJORS="13 14 15 16 17"

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The root pom lists every module, so all of operator/ is needed even though only the jar is built.
COPY pom.xml ./
COPY operator operator
COPY crds crds
# Tests run in CI (mvn -B verify), not in the image build; the formatter must not rewrite sources here.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl operator/app -am package -DskipTests -Dspotless.apply.skip=true \
 && cp operator/app/target/cadang.jar /cadang.jar

FROM debian:bookworm-slim AS runtime
ARG PG_MAJORS
ENV LANG=C.UTF-8 \
    HOME=/tmp \
    CADANG_JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# PostgreSQL from the PGDG apt repository (Debian carries only one major per release). The server
# packages come along with the clients: `cadang recover` (point-in-time recovery) runs PostgreSQL
# itself to replay WAL. No cluster is created at install time.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gnupg openjdk-17-jre-headless; \
    install -d /usr/share/postgresql-common/pgdg /etc/postgresql-common; \
    curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc; \
    echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list; \
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; \
    apt-get update; \
    pkgs=""; for v in $PG_MAJORS; do pkgs="$pkgs postgresql-client-$v postgresql-$v"; done; \
    apt-get install -y --no-install-recommends $pkgs; \
    for v in $PG_MAJORS; do test -x /usr/lib/postgresql/$v/bin/pg_dump; test -x /usr/lib/postgresql/$v/bin/pg_restore; test -x /usr/lib/postgresql/$v/bin/pg_basebackup; done; \
    apt-get purge -y --auto-remove curl gnupg; \
    rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 65532 cadang \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin cadang

COPY --from=build /cadang.jar /opt/cadang/cadang.jar
# The launcher every pod runs. JVM messages go to stderr only: stdout may carry decrypted data
# (cadang decrypt). The class-data archive below is read-only at run time.
COPY --chmod=0755 <<'LAUNCHER' /usr/local/bin/cadang
#!/bin/sh
# shellcheck disable=SC2086
exec java $CADANG_JAVA_OPTS -XX:SharedArchiveFile=/opt/cadang/cadang.jsa -Xshare:auto \
  -Xlog:disable -Xlog:all=error:stderr -jar /opt/cadang/cadang.jar "$@"
LAUNCHER
# An AppCDS archive of the classes a start loads (~0.5 s off every Job's start).
RUN java -XX:ArchiveClassesAtExit=/opt/cadang/cadang.jsa -jar /opt/cadang/cadang.jar --help > /dev/null \
 && chmod 0444 /opt/cadang/cadang.jsa /opt/cadang/cadang.jar

USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["cadang"]
CMD ["--help"]
