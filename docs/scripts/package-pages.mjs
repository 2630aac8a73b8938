// One docs page per published package, generated from its README (the single source), with
// the README's repository-relative links turned into links between docs pages.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function publishedPackages(repo) {
  const dir = join(repo, 'packages');
  return readdirSync(dir)
    .filter((f) => existsSync(join(dir, f, 'package.json')))
    .map((folder) => ({
      folder,
      manifest: JSON.parse(readFileSync(join(dir, folder, 'package.json'), 'utf8')),
    }))
    .filter((p) => !p.manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The API reference page TypeDoc writes for a package (see typedoc.json). */
export function apiLink(name) {
  return `/api/${name}/`;
}

export function rewriteLinks(markdown, { folders, examplePages, warn }) {
  return markdown.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (all, bang, text, href) => {
    if (/^(https?:|mailto:|#)/.test(href)) return all;
    const pkg = /^\.\.\/([\w-]+)\/?(README\.md)?(#.*)?$/.exec(href);
    if (pkg && folders.includes(pkg[1])) return `${bang}[${text}](./${pkg[1]}.md${pkg[3] ?? ''})`;
    if (/^\.\.\/\.\.\/README\.md(#.*)?$/.test(href)) return `${bang}[${text}](/)`;
    const ex = /^\.\.\/\.\.\/examples\/([\w-]+)\/?$/.exec(href);
    if (ex) {
      if (examplePages.includes(ex[1])) return `${bang}[${text}](/examples/${ex[1]}.md)`;
      warn(`the README links to examples/${ex[1]}, which has no docs page yet: kept as text`);
      return text;
    }
    const bench = /^\.\.\/\.\.\/bench(\/README\.md)?\/?$/.exec(href);
    if (bench) return `${bang}[${text}](/benchmarks.md)`;
    warn(`a README link to ${href} has no docs page: kept as text`);
    return text;
  });
}

export function writePackagePages(repo, docs, warn) {
  const pkgs = publishedPackages(repo);
  const folders = pkgs.map((p) => p.folder);
  const examplePages = readdirSync(join(docs, 'examples'))
    .filter((f) => f.endsWith('.md') && f !== 'index.md')
    .map((f) => f.slice(0, -3));
  const out = join(docs, 'packages');
  mkdirSync(out, { recursive: true });
  for (const { folder, manifest } of pkgs) {
    const readmePath = join(repo, 'packages', folder, 'README.md');
    if (!existsSync(readmePath))
      throw new Error(`packages/${folder} has no README.md for its docs page`);
    const readme = rewriteLinks(readFileSync(readmePath, 'utf8'), {
      folders,
      examplePages,
      warn: (m) => warn(`packages/${folder}/README.md: ${m}`),
    });
    const deps = Object.keys(manifest.dependencies ?? {});
    const facts = [
      `**${manifest.version}** · [API reference](${apiLink(manifest.name)}) · depends on ${
        deps.length ? deps.map((d) => `\`${d}\``).join(', ') : 'nothing'
      }`,
      '',
      `<!-- Generated from packages/${folder}/README.md by docs/scripts/package-pages.mjs: edit the README. -->`,
      '',
    ];
    // The README's title stays the page title; the facts line goes right under it.
    const [title, ...rest] = readme.split('\n');
    writeFileSync(join(out, `${folder}.md`), [title, '', ...facts, ...rest].join('\n'));
  }
  const rows = pkgs.map(
    ({ folder, manifest }) =>
      `| [\`${manifest.name}\`](./${folder}.md) | ${manifest.description} | [API](${apiLink(manifest.name)}) |`,
  );
  writeFileSync(
    join(out, 'index.md'),
    [
      '# Packages',
      '',
      "Each page is the package's README; the API reference is generated from its JSDoc.",
      '',
      '| package | what it holds | reference |',
      '| --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
  return pkgs;
}
