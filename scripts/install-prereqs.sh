#!/usr/bin/env bash
# Installs the system packages the tests and the local mode use on Debian/Ubuntu:
# git (template sources), bubblewrap (the local sandbox), cookiecutter 1.7.3 for /usr/bin/python3
# (what sandboxed inspect/render run here), util-linux (setsid, prlimit, and nsenter for exec probes of
# local Deployment pods), slirp4netns (outbound network for local server pods without the host's network),
# redis-server (the package-docs cache and rate-limit tests start their own on a free loopback port).
# node images in local mode run the host's /usr/bin/node if there is one (install Node.js yourself; it is
# not required). Needs root or sudo. Safe to run again.
set -euo pipefail

packages=(git bubblewrap cookiecutter python3 ca-certificates util-linux slirp4netns redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites: all present (${packages[*]})"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root; run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "prerequisites: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
