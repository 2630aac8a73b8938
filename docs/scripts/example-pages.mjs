// One docs page per example under examples/: its README (links made to point at docs pages)
// and its source files pulled in with VitePress's `<<<` includes, so the code on the page is
// the file CI builds and tests, and a file that goes missing fails the docs build.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** README links of an example, rewritten for a page in docs/examples/. */
export function rewriteExampleLinks(markdown, { name, examples, packages, exampleDir, warn }) {
  return markdown.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (all, bang, text, href) => {
    if (/^(https?:|mailto:|#)/.test(href)) return all;
    const ex = /^\.\.\/([\w-]+)\/?(README\.md)?$/.exec(href);
    if (ex && examples.includes(ex[1])) return `${bang}[${text}](./${ex[1]}.md)`;
    const pkg = /^\.\.\/\.\.\/packages\/([\w-]+)\/?(README\.md)?$/.exec(href);
    if (pkg && packages.includes(pkg[1])) return `${bang}[${text}](/packages/${pkg[1]}.md)`;
    if (!href.includes('/') && existsSync(join(exampleDir, href))) {
      return `${bang}[${text}](../../examples/${name}/${href})`;
    }
    warn(`examples/${name}/README.md links to ${href}, which has no docs page: kept as text`);
    return text;
  });
}

function sourceFiles(dir) {
  const src = join(dir, 'src');
  if (!existsSync(src)) return [];
  return readdirSync(src)
    .filter((f) => f.endsWith('.ts'))
    .sort((a, b) => {
      const rank = (f) => (f === 'main.ts' ? 0 : f.endsWith('.test.ts') ? 2 : 1);
      return rank(a) - rank(b) || a.localeCompare(b);
    });
}

export function writeExamplePages(repo, docs, packages, warn) {
  const root = join(repo, 'examples');
  const names = existsSync(root)
    ? readdirSync(root)
        .filter(
          (n) => existsSync(join(root, n, 'package.json')) && sourceFiles(join(root, n)).length,
        )
        .sort()
    : [];
  const out = join(docs, 'examples');
  mkdirSync(out, { recursive: true });
  const rows = [];
  for (const name of names) {
    const dir = join(root, name);
    const readmePath = join(dir, 'README.md');
    let body;
    let title;
    let summary = '';
    if (existsSync(readmePath)) {
      body = rewriteExampleLinks(readFileSync(readmePath, 'utf8'), {
        name,
        examples: names,
        packages,
        exampleDir: dir,
        warn,
      });
      title = /^# (?:Example: )?(.+)$/m.exec(body)?.[1] ?? name;
      summary = (body.split(/\n\s*\n/)[1] ?? '').replace(/\s+/g, ' ').trim();
    } else {
      warn(`examples/${name} has no README.md: its page shows the code only`);
      title = name;
      body = `# Example: ${name}\n\nThe \`examples/${name}\` package.`;
    }
    const code = sourceFiles(dir).map((f) => `<<< @/../examples/${name}/src/${f}`);
    const page = [
      `<!-- Generated from examples/${name} by docs/scripts/example-pages.mjs: edit the example. -->`,
      '',
      body.trim(),
      '',
      '## The code',
      '',
      `The example's files as they are in the repository (\`examples/${name}/src\`), built and tested`,
      'in CI with everything else.',
      '',
      '::: code-group',
      '',
      ...code.flatMap((c) => [c, '']),
      ':::',
      '',
    ];
    writeFileSync(join(out, `${name}.md`), page.join('\n'));
    rows.push(
      `- [${title}](./${name}.md)${summary ? `: ${summary.replace(/\]\(\.\/([\w-]+)\.md\)/g, '](./$1.md)')}` : ''}`,
    );
  }
  writeFileSync(
    join(out, 'index.md'),
    [
      '# Examples',
      '',
      'Each example is a private workspace package under `examples/` with a `start` script (the full',
      "run) and a `test` script (a quick version that CI runs). Each page here is the example's",
      'README with its source files included from the repository, so what you read is what CI',
      'builds and tests.',
      '',
      ...rows,
      '',
      'The [demo](/demo) is one more: an MLP trained on MNIST digits in your browser with a custom',
      'loop (its code is on the [Training](/concepts/training#a-custom-loop) page).',
      '',
    ].join('\n'),
  );
  return names;
}
