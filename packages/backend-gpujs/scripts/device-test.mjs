#!/usr/bin/env node
// Runs the device tests of one gpu.js mode: `node scripts/device-test.mjs headlessgl|webgpu`.
// Checks the environment first and fails with what to install when something is missing (these
// runs never skip silently), then runs vitest on test/<mode>.device.test.ts — under
// `xvfb-run -a` for headlessgl when no X display is set.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2];
const extra = process.argv.slice(3);
if (mode !== 'headlessgl' && mode !== 'webgpu') {
  console.error('usage: node scripts/device-test.mjs headlessgl|webgpu [vitest args]');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`[backend-gpujs] FAIL (${mode}): ${msg}`);
  process.exit(1);
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const require = createRequire(join(pkg, 'package.json'));

let command = [];
if (mode === 'headlessgl') {
  // gl is gpu.js's optional dependency: resolve it the way gpu.js does.
  const gpujsDir = dirname(require.resolve('gpu.js/package.json'));
  const glRequire = createRequire(join(gpujsDir, 'package.json'));
  let glDir;
  try {
    glDir = dirname(glRequire.resolve('gl/package.json'));
  } catch {
    fail("the 'gl' package is not installed (it is an optional dependency of gpu.js)");
  }
  try {
    glRequire('gl');
  } catch (e) {
    fail(
      `the native 'gl' module does not load (${String(e.message).split('\n')[0]}). Build it: apt-get install -y libxi-dev libglu1-mesa-dev libglew-dev pkg-config python3 make g++ && (cd ${glDir} && JOBS=max npx node-gyp rebuild --nodedir=/usr)`,
    );
  }
  if (!process.env.DISPLAY) {
    if (!has('xvfb-run'))
      fail('no X display (DISPLAY is unset) and no xvfb-run: apt-get install -y xvfb');
    command = ['xvfb-run', '-a'];
  }
} else {
  try {
    require.resolve('webgpu');
  } catch {
    fail("the 'webgpu' package (webgpu@0.6.2, Dawn for Node) is not installed");
  }
}

const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const args = [
  ...command,
  process.execPath,
  vitest,
  'run',
  '--config',
  'vitest.device.config.ts',
  ...extra,
];
console.log(`[backend-gpujs] ${args.join(' ')}`);
const r = spawnSync(args[0], args.slice(1), {
  cwd: pkg,
  stdio: 'inherit',
  env: { ...process.env, TSGRAD_GPUJS_DEVICE: mode },
});
process.exit(r.status ?? 1);
