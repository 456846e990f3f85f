#!/bin/sh
# Entry point of the codecheck-ra container image: Payara Micro with the adapter (codecheck-ra.rar) and one
# application (app.war). Every setting comes from the environment: DATABASE_URL or DB_HOST/DB_PORT/DB_USER/
# DB_PASSWORD (or DB_PASSWORD_FILE)/DB_NAME/DB_SSLMODE/DB_SSLROOTCERT, DB_POOL_MIN/DB_POOL_MAX, for the sample
# DATABASE_READONLY_URL and DB_MIGRATION_USER/DB_MIGRATION_PASSWORD, HTTP_PORT (else PORT, as Heroku sets it),
# CONTEXT_ROOT, JAVA_OPTS. Nothing secret is in the image. ContainerEntrypointIT runs this very file on a host.
set -eu
home="${CODECHECK_HOME:-/opt/codecheck}"
root="${MICRO_ROOT:-/tmp/micro-root}"
# A fresh Payara configuration on every start: nothing of an earlier start (or build) comes back.
rm -rf "$root"
mkdir -p "$root"
postboot="$root.postboot.asadmin"
{
  echo "deploy --name codecheck-ra $home/codecheck-ra.rar"
  echo "deploy --name app --contextroot ${CONTEXT_ROOT:-codecheck} $home/app.war"
} > "$postboot"
# exec: Micro becomes the container's main process and gets SIGTERM on shutdown
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java ${JAVA_OPTS:-} -jar "$home/payara-micro.jar" --nohazelcast --port "${HTTP_PORT:-${PORT:-8080}}" \
     --rootdir "$root" --postbootcommandfile "$postboot"
