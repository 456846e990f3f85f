#!/usr/bin/env bash
# Puts what deploy/container/Dockerfile copies next to it: Payara Micro, the RAR and a WAR (the sample's unless a
# path is given). Needs only a JDK 17 and Maven; then `docker build -t codecheck-sample:0.1.0 deploy/container`
# (or any daemonless builder that reads a Dockerfile: buildah, kaniko, podman).
set -euo pipefail
cd "$(dirname "$0")/.."
war="${1:-}"
mvn -B -ntp -q package -DskipTests -pl codecheck-launcher -am
deployables=codecheck-launcher/target/deployables
cp "$deployables/payara-micro.jar" "$deployables/codecheck-ra.rar" deploy/container/
cp "${war:-$deployables/codecheck-sample.war}" deploy/container/app.war
echo "deploy/container is ready: docker build -t codecheck-sample:0.1.0 deploy/container"
