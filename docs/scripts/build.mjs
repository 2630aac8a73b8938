#!/usr/bin/env node
// Builds the docs site: the demo's digits, the API reference (TypeDoc), the package pages
// (from the READMEs), then VitePress (which fails on dead links between pages and on missing
// snippet files), then a link check of the built HTML. Prints the time of each step.
//   node scripts/build.mjs                 everything
//   node scripts/build.mjs --prepare-only  the generated inputs, for `vitepress dev`
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinks } from './link-check.mjs';
import { writeMnistSubset } from './mnist-subset.mjs';
import { writeExamplePages } from './example-pages.mjs';
import { publishedPackages, writePackagePages } from './package-pages.mjs';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(docs, '..');
const prepareOnly = process.argv.includes('--prepare-only');
const bin = (name) => join(docs, 'node_modules', '.bin', name);

async function step(name, fn) {
  const t = performance.now();
  const detail = await fn();
  console.log(
    `[docs] ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`,
  );
}

const warnings = [];
const warn = (m) => {
  warnings.push(m);
  console.warn(`[docs] warning: ${m}`);
};

await step('MNIST subset for the demo', async () => {
  const r = await writeMnistSubset(join(docs, 'public', 'mnist'));
  return `${r.train} train + ${r.test} test digits, ${(r.bytes / 1024).toFixed(0)} KiB gzipped IDX`;
});

await step('API reference (TypeDoc)', () => {
  rmSync(join(docs, 'api'), { recursive: true, force: true });
  execFileSync(bin('typedoc'), ['--options', 'typedoc.json', '--logLevel', 'Warn'], {
    cwd: docs,
    stdio: 'inherit',
  });
  if (!existsSync(join(docs, 'api', 'typedoc-sidebar.json')))
    throw new Error('TypeDoc wrote no sidebar');
});

await step('example pages (READMEs and code of examples/)', () => {
  rmSync(join(docs, 'examples'), { recursive: true, force: true });
  const folders = publishedPackages(repo).map((p) => p.folder);
  return `${writeExamplePages(repo, docs, folders, warn).length} examples`;
});

await step('package pages (from the READMEs)', () => {
  rmSync(join(docs, 'packages'), { recursive: true, force: true });
  return `${writePackagePages(repo, docs, warn).length} packages`;
});

await step('included files exist', () => {
  // `<!--@include: file-->` and `<<< @/file` pull code and READMEs in from the repository;
  // one that names a missing file must fail the build, not render a "not found" note.
  const missing = [];
  let count = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', 'api', '.vitepress', 'public'].includes(e.name)) walk(p);
      } else if (e.name.endsWith('.md')) {
        const text = readFileSync(p, 'utf8');
        const refs = [
          ...[...text.matchAll(/<!--\s*@include:\s*([^\s{#]+?)(?:[{#][^>]*)?\s*-->/g)].map((m) =>
            resolve(dirname(p), m[1]),
          ),
          ...[...text.matchAll(/^\s*<<<\s+@\/([^\s{#]+)/gm)].map((m) => join(docs, m[1])),
        ];
        for (const r of refs) {
          count++;
          if (!existsSync(r))
            missing.push(
              `${relative(docs, p)} includes ${relative(docs, r)}, which does not exist`,
            );
        }
      }
    }
  };
  walk(docs);
  if (missing.length) throw new Error(missing.join('\n'));
  return `${count} includes`;
});

if (!prepareOnly) {
  await step('VitePress build', () => {
    execFileSync(bin('vitepress'), ['build', '.'], { cwd: docs, stdio: 'inherit' });
  });
  await step('link check of the built site', async () => {
    const r = await checkLinks(join(docs, '.vitepress', 'dist'));
    if (r.broken.length > 0) {
      for (const b of r.broken)
        console.error(`[docs] dead link: ${b.url} (${b.status}) on ${b.parent}`);
      throw new Error(`${r.broken.length} dead internal links in the built site`);
    }
    return `${r.checked} internal links and anchors, none dead`;
  });
}
if (warnings.length) console.log(`[docs] ${warnings.length} warning(s), listed above`);
