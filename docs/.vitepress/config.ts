import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The API sidebars, from the one TypeDoc wrote (scripts/build.mjs runs TypeDoc first): one per
 * package, so a page carries its own package's entries and not the whole API's (which made
 * every page ~350 KB).
 */
function apiSidebars(): DefaultTheme.SidebarMulti {
  const file = join(docs, 'api', 'typedoc-sidebar.json');
  if (!existsSync(file)) {
    throw new Error(
      'docs/api is missing: run `pnpm --filter @tsgrad/docs build` (it runs TypeDoc first)',
    );
  }
  const modules: DefaultTheme.SidebarItem[] = JSON.parse(readFileSync(file, 'utf8'));
  const all = {
    text: 'API reference',
    link: '/api/',
    items: modules.map((m) => ({ text: m.text, link: m.link })),
  };
  const out: DefaultTheme.SidebarMulti = { '/api/': [all] };
  for (const m of modules) {
    if (!m.link) continue;
    out[m.link] = [
      { text: '← all packages', link: '/api/' },
      {
        text: m.text,
        link: m.link,
        items: (m.items ?? []).map((g) => ({ ...g, collapsed: false })),
      },
    ];
  }
  return out;
}

/** The package pages scripts/package-pages.mjs generated, in its order. */
function packageSidebar(): DefaultTheme.SidebarItem[] {
  const index = join(docs, 'packages', 'index.md');
  if (!existsSync(index)) throw new Error('docs/packages is missing: run the docs build');
  const rows = [...readFileSync(index, 'utf8').matchAll(/^\| \[`([^`]+)`\]\(\.\/([\w-]+)\.md\)/gm)];
  return rows.map(([, name, folder]) => ({ text: name, link: `/packages/${folder}` }));
}

/**
 * Every `<<< @/...` snippet must name a file that exists: VitePress would otherwise render a
 * "not found" note and the build would pass. This fails it instead.
 */
function snippetsMustExist(md: {
  core: {
    ruler: {
      before: (
        a: string,
        b: string,
        f: (s: { src: string; env: { path?: string } }) => void,
      ) => void;
    };
  };
}) {
  md.core.ruler.before('normalize', 'tsgrad-snippets-exist', (state) => {
    for (const m of state.src.matchAll(/^\s*<<<\s+(\S+?)(?:\{[^}]*\})?(?:\s|$)/gm)) {
      const raw = m[1].replace(/#.*$/, '');
      const path = raw.startsWith('@/')
        ? join(docs, raw.slice(2))
        : resolve(dirname(state.env.path ?? docs), raw);
      if (!existsSync(path)) {
        throw new Error(
          `${state.env.path ?? 'a page'} includes ${m[1]}, but ${path} does not exist`,
        );
      }
    }
  });
}

const landing = {
  layout: 'home',
  hero: {
    name: 'tsgrad',
    text: 'Deep-learning training in TypeScript',
    tagline:
      'Tensors, autograd, layers, optimizers and a Keras-like fit(), in Node and in the browser, with no native build. Install only the packages you need.',
    actions: [
      { theme: 'brand', text: 'Get started', link: '/guide/getting-started' },
      { theme: 'alt', text: 'Train MNIST in this page', link: '/demo' },
      { theme: 'alt', text: 'API reference', link: '/api/' },
    ],
  },
  features: [
    {
      title: 'Small packages',
      details:
        '@tsgrad/metrics alone pulls nothing else; @tsgrad/tensor alone is a small NumPy; gpu.js only comes with @tsgrad/backend-gpujs. A release check installs each and proves it.',
      link: '/guide/getting-started',
    },
    {
      title: 'Autograd on every op',
      details:
        'PyTorch-style backward() and JAX-style grad / valueAndGrad, gradients of gradients, and finite-difference checks.',
      link: '/concepts/autograd',
    },
    {
      title: 'Keras-like training',
      details:
        'sequential(), compile(), fit() with callbacks, evaluate(), predict(), save() to safetensors — or your own loop with the same pieces.',
      link: '/concepts/training',
    },
    {
      title: 'Backends',
      details:
        'A CPU reference backend, WebAssembly SIMD, and gpu.js (WebGL2 in browsers), all held to one conformance suite.',
      link: '/concepts/tensors-and-backends',
    },
  ],
};

export default defineConfig({
  title: 'tsgrad',
  description:
    'Deep-learning training in TypeScript: tensors, autograd, layers, optimizers, data, metrics and fit().',
  // Markdown here has no front matter (the repo's formatter would rewrite it); the landing
  // page's layout comes from here instead.
  transformPageData(pageData) {
    if (pageData.relativePath === 'index.md')
      pageData.frontmatter = { ...landing, ...pageData.frontmatter };
  },
  srcExclude: ['**/README.md', 'scripts/**', 'test/**', 'demo/**'],
  ignoreDeadLinks: false,
  lastUpdated: false,
  // The page-to-chunk map of ~700 pages is 100 KB; keep it in one cached chunk, not in every page.
  metaChunk: true,
  markdown: {
    config: (md) => snippetsMustExist(md as never),
  },
  vite: {
    // Built packages are linked into node_modules by the workspace; bundle them like any dependency.
    build: { chunkSizeWarningLimit: 2000 },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Concepts', link: '/concepts/tensors-and-backends' },
      { text: 'Packages', link: '/packages/' },
      { text: 'API', link: '/api/' },
      { text: 'Examples', link: '/examples/' },
      { text: 'Demo', link: '/demo' },
      { text: 'Benchmarks', link: '/benchmarks' },
    ],
    sidebar: {
      '/guide/': [{ text: 'Guide', items: guide() }],
      '/concepts/': [{ text: 'Concepts', items: concepts() }],
      '/packages/': [{ text: 'Packages', link: '/packages/', items: packageSidebar() }],
      ...apiSidebars(),
      '/examples/': [{ text: 'Examples', link: '/examples/', items: examples() }],
    },
    outline: 'deep',
    search: { provider: 'local' },
  },
});

function guide(): DefaultTheme.SidebarItem[] {
  return [
    { text: 'Getting started', link: '/guide/getting-started' },
    { text: 'Releases', link: '/guide/releases' },
  ];
}

function concepts(): DefaultTheme.SidebarItem[] {
  return [
    { text: 'Tensors and backends', link: '/concepts/tensors-and-backends' },
    { text: 'Autograd', link: '/concepts/autograd' },
    { text: 'Layers and models', link: '/concepts/layers-and-models' },
    { text: 'Training: fit and custom loops', link: '/concepts/training' },
    { text: 'Data', link: '/concepts/data' },
    { text: 'Metrics', link: '/concepts/metrics' },
    { text: 'Memory', link: '/concepts/memory' },
    { text: 'Saving and loading', link: '/concepts/saving-and-loading' },
  ];
}

/** One entry per page scripts/example-pages.mjs wrote into docs/examples/, by its title. */
function examples(): DefaultTheme.SidebarItem[] {
  const dir = join(docs, 'examples');
  if (!existsSync(dir)) throw new Error('docs/examples is missing: run the docs build');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'index.md')
    .sort()
    .map((f) => {
      const heading = /^# (?:Example: )?(.+)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1];
      // Sidebar text is plain text, not markdown.
      return {
        text: (heading ?? f.slice(0, -3)).replaceAll('`', ''),
        link: `/examples/${f.slice(0, -3)}`,
      };
    });
}
