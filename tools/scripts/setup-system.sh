#!/usr/bin/env bash
# What the full test run needs from the system, installed only when missing (Debian/Ubuntu):
#   - Chromium: the docs demo and the gpu.js WebGL2 tests run in headless Chromium;
#   - Xvfb, GL/EGL (Mesa) and the headers to build the native `gl` module: gpu.js headless GL
#     and WebGPU (Dawn over OpenGL ES) in Node;
#   - the native `gl` module itself, built from source (pnpm does not run its install script).
# Idempotent: a second run does nothing. Needs root and apt-get when something is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(chromium xvfb xauth libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++
  libegl1 libgles2 libegl-mesa0 libgl1-mesa-dri)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "setup-system: missing system packages: ${missing[*]}; install them (as root: apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "setup-system: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

gl_dir=$(node -e "
  const { createRequire } = require('node:module');
  const gpu = require.resolve('gpu.js/package.json', { paths: ['packages/backend-gpujs'] });
  console.log(require('node:path').dirname(createRequire(gpu).resolve('gl/package.json')));
")
if [[ ! -f "$gl_dir/build/Release/webgl.node" ]]; then
  echo "setup-system: building the native gl module in $gl_dir (a few minutes)"
  (cd "$gl_dir" && JOBS=max npx --yes node-gyp rebuild --nodedir=/usr >/tmp/gl-build.log 2>&1) || {
    tail -30 /tmp/gl-build.log >&2
    echo "setup-system: building gl failed (log: /tmp/gl-build.log)" >&2
    exit 1
  }
fi
echo "setup-system: ready (chromium, xvfb, GL/EGL, native gl)"
