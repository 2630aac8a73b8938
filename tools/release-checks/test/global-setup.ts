import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { missingBuildOutputs, packAll, type Tarball } from '../src/pack.ts';
import { publishedPackages } from '../src/workspace.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Tarball[];
  }
}

/** Packs every published package once for the whole run; the tarballs are removed after. */
export default function setup(project: TestProject): () => void {
  const pkgs = publishedPackages();
  const unbuilt = pkgs
    .map((p) => ({ p, missing: missingBuildOutputs(p) }))
    .filter((x) => x.missing.length > 0);
  if (unbuilt.length > 0) {
    throw new Error(
      `these packages are not built (run \`pnpm build\` first; turbo does it for \`pnpm test\`):\n${unbuilt
        .map((x) => `  ${x.p.name}: missing ${x.missing.join(', ')}`)
        .join('\n')}`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsgrad-pack-'));
  const started = performance.now();
  const tarballs = packAll(dir, pkgs);
  console.log(
    `[release-checks] packed ${tarballs.size} packages in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dir}`,
  );
  project.provide('tarballs', [...tarballs.values()]);
  return () => rmSync(dir, { recursive: true, force: true });
}
