#!/usr/bin/env bash
# Makes sure the browser and the Vulkan pieces the tests use are present:
#  - Debian's Chromium (/usr/bin/chromium): Playwright drives it; its own browser download does not work here.
#  - Chromium's SwiftShader ICD + libvulkan1: WebGPU on the CPU for Node (Dawn) when there is no real GPU.
# Installs them with apt when missing and running as root; otherwise says exactly what to install.
set -euo pipefail

chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
need=()
[ -x "$chromium_bin" ] || need+=(chromium)
[ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
[ ${#need[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages for the tests: $packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $packages >&2
else
  echo "The tests need these Debian/Ubuntu packages: $packages" >&2
  echo "Install them with:  sudo apt-get install $packages" >&2
  echo "(or set CHROMIUM_PATH to another Chromium 144+ binary that supports --enable-unsafe-webgpu)" >&2
  exit 1
fi
