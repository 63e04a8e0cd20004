#!/usr/bin/env bash
# The whole test suite: what `npm test` runs and what CI runs.
#  1. type check
#  2. unit + GPU tests in Node (Vitest; GPU through Dawn, SwiftShader when there is no real GPU)
#  3. build the static site and the embeddable widget package, then end-to-end tests in headless Chromium with
#     WebGPU (Playwright)
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
# Mesa's Vulkan drivers, probed by Dawn before it falls back to SwiftShader, complain without it.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
bash scripts/ensure-chromium.sh
npx tsc -p .
npx eslint .
npx vitest run
npm run build
npx playwright test
