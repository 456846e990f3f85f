#!/usr/bin/env bash
# Deploys the sample EAR (adapter embedded) on a throw-away Payara Server 6 domain and checks /codecheck/api/health.
#
# Payara Micro cannot deploy EARs, so this is how the EAR packaging is checked on a full server: download the
# Payara Server distribution with Maven (~170 MB, once; kept in the local Maven repository), unzip it under
# target/, create a domain, start it with the database settings in its environment, deploy, ask for the health
# report, undeploy, stop. Exit status 0 only when the health endpoint answered 200.
#
# Usage:   DB_HOST=... DB_PORT=... DB_USER=... DB_PASSWORD=... DB_NAME=... [DB_SSLMODE=...] \
#            scripts/check-ear-on-payara-server.sh [path/to/codecheck-sample.ear]
#          (or DATABASE_URL=postgresql://user:password@host:port/db instead of the DB_* variables)
# Build the EAR first: mvn -B -pl codecheck-ear-sample/codecheck-sample-ear -am install -DskipTests
# Optional: PAYARA_VERSION (default 6.2025.10, falls back to 6.2025.9), PORTBASE (default 28000: admin port
#           PORTBASE+48, HTTP PORTBASE+80), DB_POOL_MIN / DB_POOL_MAX, KEEP_DOMAIN=1 to leave the domain running.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EAR="${1:-$ROOT/codecheck-ear-sample/codecheck-sample-ear/target/codecheck-sample.ear}"
WORK="$ROOT/codecheck-ear-sample/codecheck-sample-ear/target/payara-server"
PORTBASE="${PORTBASE:-28000}"
ADMIN_PORT=$((PORTBASE + 48))
HTTP_PORT=$((PORTBASE + 80))
DOMAIN=codecheck
APP=codecheck-sample   # the EAR's glassfish-resources.xml names the adapter codecheck-sample#codecheck-ra

log() { printf '[check-ear] %s\n' "$*"; }
fail() { log "FAILED: $*"; exit 1; }

[[ -f "$EAR" ]] || fail "no EAR at $EAR; build it first (see the header of this script)"
if [[ -z "${DATABASE_URL:-}" && -z "${DB_HOST:-}" ]]; then
    fail "set DATABASE_URL or DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/DB_NAME: the adapter reads them from the server's environment"
fi
for port in "$ADMIN_PORT" "$HTTP_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        fail "port $port is in use; choose another PORTBASE"
    fi
done

# --- the distribution -------------------------------------------------------------------------------------------
mkdir -p "$WORK"
fetch() {
    # from $WORK, where there is no pom.xml: the plugin runs once, outside any project
    (cd "$WORK" && mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="fish.payara.distributions:payara:$1:zip" -DoutputDirectory="$WORK")
}
VERSION="${PAYARA_VERSION:-6.2025.10}"
if [[ ! -f "$WORK/payara-$VERSION.zip" ]]; then
    log "fetching Payara Server $VERSION through Maven (about 170 MB the first time)"
    if ! fetch "$VERSION"; then
        [[ -n "${PAYARA_VERSION:-}" ]] && fail "Payara Server $VERSION is not available"
        VERSION=6.2025.9
        log "6.2025.10 not available; trying $VERSION"
        fetch "$VERSION" || fail "Payara Server $VERSION is not available either"
    fi
fi
INSTALL="$WORK/payara-$VERSION"
if [[ ! -x "$INSTALL/payara6/bin/asadmin" ]]; then
    rm -rf "$INSTALL"
    mkdir -p "$INSTALL"
    unzip -q "$WORK/payara-$VERSION.zip" -d "$INSTALL"
fi
ASADMIN="$INSTALL/payara6/bin/asadmin"
DOMAINS="$WORK/domains"

# --- a fresh domain, always stopped on the way out --------------------------------------------------------------
rm -rf "$DOMAINS/$DOMAIN"
mkdir -p "$DOMAINS"
"$ASADMIN" create-domain --domaindir "$DOMAINS" --portbase "$PORTBASE" --nopassword "$DOMAIN" >/dev/null
stop_domain() {
    if [[ "${KEEP_DOMAIN:-0}" != 1 ]]; then
        "$ASADMIN" stop-domain --domaindir "$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
    fi
}
trap stop_domain EXIT

log "starting domain $DOMAIN (admin port $ADMIN_PORT, HTTP port $HTTP_PORT)"
start=$(date +%s)
# the server JVM inherits this environment: DB_* / DATABASE_URL / DB_POOL_* reach the adapter and the pool definitions
"$ASADMIN" start-domain --domaindir "$DOMAINS" "$DOMAIN" >/dev/null || fail "the domain did not start"
log "domain up after $(( $(date +%s) - start )) s"

log "deploying $(basename "$EAR") as $APP"
start=$(date +%s)
"$ASADMIN" --port "$ADMIN_PORT" deploy --name "$APP" "$EAR" || {
    tail -50 "$DOMAINS/$DOMAIN/logs/server.log"
    fail "deployment failed"
}
log "deployed in $(( $(date +%s) - start )) s"

# --- the check ---------------------------------------------------------------------------------------------------
URL="http://127.0.0.1:$HTTP_PORT/codecheck/api/health"
status=$(curl -s -o "$WORK/health.json" -w '%{http_code}' --max-time 60 "$URL" || echo 000)
log "GET $URL -> HTTP $status"
cat "$WORK/health.json" 2>/dev/null && echo
for path in jurisdictions jurisdictions/us-ca pool/stats; do
    log "GET /codecheck/api/$path -> HTTP $(curl -s -o /dev/null -w '%{http_code}' --max-time 30 \
        "http://127.0.0.1:$HTTP_PORT/codecheck/api/$path" || echo 000)"
done

log "undeploying"
"$ASADMIN" --port "$ADMIN_PORT" undeploy "$APP" >/dev/null || log "undeploy failed (the domain is removed anyway)"

[[ "$status" == 200 ]] || fail "health answered $status; server log: $DOMAINS/$DOMAIN/logs/server.log"
log "OK: the EAR with the embedded adapter works on Payara Server $VERSION"
