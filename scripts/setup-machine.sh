#!/usr/bin/env bash
# Installs and starts what the tests and the local demo need, and does nothing that is already done:
# the Docker daemon (without the bridge network), the CNCF distribution registry, QEMU user
# emulation for arm64 builds, and a Python base image built from Debian packages (public registries
# are not reachable from these machines).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
packages=(docker.io docker-registry debootstrap qemu-user-static binfmt-support)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup-machine: '$*' needs root; run this script as root or install sudo." >&2; exit 1
  fi
}

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-machine: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

docker_cli=/usr/bin/docker
if ! "$docker_cli" info >/dev/null 2>&1; then
  echo "setup-machine: starting dockerd"
  # No bridge: containers and builds use network 'none' or 'host' only.
  as_root sh -c 'nohup dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/agent-deploy-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    "$docker_cli" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$docker_cli" info >/dev/null 2>&1 || { echo "setup-machine: dockerd did not start; see /var/log/agent-deploy-dockerd.log" >&2; exit 1; }
fi
if [ ! -S /var/run/docker.sock ] || [ ! -w /var/run/docker.sock ]; then
  as_root chmod 666 /var/run/docker.sock
fi

# arm64 builds on an amd64 host run under QEMU user emulation.
if [ "$(uname -m)" = x86_64 ] && [ -e /usr/sbin/update-binfmts ]; then
  as_root update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi

"$here/build-base-image.sh"
