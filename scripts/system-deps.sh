#!/usr/bin/env bash
# Makes sure the system packages the tests and benchmarks drive are present: Debian's Chromium
# (Playwright's own browser download cannot work here) and a single-node Ceph radosgw (the real
# S3-compatible store). Installs them with apt-get when missing and we are root; otherwise says how.
set -euo pipefail

packages=(chromium radosgw ceph-mon ceph-osd ceph-common curl ffmpeg)
missing=()
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || missing+=(chromium)
for binary in radosgw ceph-mon ceph-osd ceph curl ffmpeg; do
  command -v "$binary" >/dev/null 2>&1 || { missing+=("$binary"); }
done
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages for the tests: ${missing[*]}" >&2
  echo "Install them as root: $install" >&2
  exit 1
fi
echo "Installing system packages for the tests (${missing[*]} missing): ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
