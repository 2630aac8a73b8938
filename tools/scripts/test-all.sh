#!/usr/bin/env bash
# `pnpm test:all`: every check, in order, continuing past failures so one run shows them all:
#   1. system prerequisites (setup-system.sh: Chromium, Xvfb, GL/EGL, the native gl module);
#   2. lint and format (biome);
#   3. turbo: build, typecheck and test of every workspace package — the libraries, examples,
#      bench smoke test, the docs site (build, link check, demo in Chromium) and the release
#      checks (pack, install per use case, publint, attw, changeset dry run, @example runner);
#   4. the gpu.js backend on real devices: headless GL under Xvfb, WebGPU (Dawn), WebGL2 in
#      Chromium;
#   5. the WebAssembly backend in Chromium: worker threads on a cross-origin isolated page (its
#      main thread and a dedicated worker) and the one-thread fallback on a page that is not;
#   6. one summary; the last line counts every test, and the exit code is non-zero if anything
#      failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
steps=()
run() {
  local name=$1
  shift
  echo "── $name: $*"
  local t0=$SECONDS
  if "$@"; then steps+=("$name=ok:$((SECONDS - t0))"); else steps+=("$name=FAILED:$((SECONDS - t0))"); fi
}
run setup bash tools/scripts/setup-system.sh
run lint pnpm exec biome check .
run turbo pnpm exec turbo run build typecheck test --output-logs=errors-only --continue
run gpujs-headlessgl pnpm --filter @tsgrad/backend-gpujs test:headlessgl
run gpujs-webgpu pnpm --filter @tsgrad/backend-gpujs test:webgpu
run gpujs-webgl2-browser pnpm --filter @tsgrad/backend-gpujs test:browser
run wasm-threads-browser pnpm --filter @tsgrad/backend-wasm test:browser
node tools/scripts/test-summary.mjs "${steps[@]}"
