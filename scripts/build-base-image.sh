#!/usr/bin/env bash
# Builds the local Python base image agent-deploy/python-base:local with debootstrap, because
# public registries are not reachable here. The Debian mirror is read from the machine's apt
# sources. Does nothing when the image exists.
set -euo pipefail

image=${AGENT_DEPLOY_BASE_IMAGE:-agent-deploy/python-base:local}
docker_cli=/usr/bin/docker
if "$docker_cli" image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1 || true)
fi
[ -n "$mirror" ] || { echo "build-base-image: no Debian mirror in the apt sources" >&2; exit 1; }
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
echo "build-base-image: debootstrap $suite from the apt mirror (about a minute)"
debootstrap --variant=minbase --include=python3 "$suite" "$rootfs" "$mirror" >/dev/null
tar -C "$rootfs" -c --exclude=./var/lib/apt/lists --exclude=./var/cache/apt --exclude=./usr/share/doc \
    --exclude=./usr/share/man --exclude=./usr/share/locale . | "$docker_cli" import - "$image" >/dev/null
echo "build-base-image: built $image"
