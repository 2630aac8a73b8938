import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type PreparedExample, prepareExample } from './example-program.ts';
import { type Extraction, entrySources, extractExamples } from './examples.ts';
import { publishedPackages } from './workspace.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Inside this package, so `@tsgrad/*` resolve through its node_modules to the built packages. */
export const examplesDir = join(here, '..', '.tmp', 'doc-examples');

export type Verdict =
  | { kind: 'program'; file: string }
  | { kind: 'fragment'; missing: string[] }
  | { kind: 'type-error'; messages: string[] };

export interface GeneratedExamples {
  extraction: Extraction;
  prepared: PreparedExample[];
  verdicts: Map<string, Verdict>;
  ms: { extract: number; typecheck: number };
}

/** "Cannot find name 'model'" and its kin: the example uses something it never defines. */
const MISSING_NAME = new Set([2304, 2552, 2582, 18004]);
/** Implicit `any` that only follows from such a missing name (`ds.map(({ x }) => ...)`). */
const CASCADE = new Set([7005, 7006, 7031, 18046]);

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/**
 * Extracts every `@example`, writes each as a module into `examplesDir`, type-checks them all
 * in one program against the built packages' declarations, and classifies each: a complete
 * program (type-checks), a fragment (only names it never defines are missing, such as `model`),
 * or a type error. Programs are also written as `.mjs` to run with plain Node.
 */
export function generateExamples(): GeneratedExamples {
  let t = performance.now();
  const extraction = extractExamples();
  const extract = performance.now() - t;
  const pkgs = publishedPackages({ ignoreFilter: true });
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  rmSync(examplesDir, { recursive: true, force: true });
  mkdirSync(examplesDir, { recursive: true });

  const counts = new Map<string, number>();
  const prepared = extraction.examples.map((ex) => {
    const pkg = byName.get(ex.pkg)!;
    const own = [...entrySources(pkg).keys()];
    const deps = Object.keys(pkg.manifest.dependencies ?? {}).filter((d) => byName.has(d));
    const order = [...new Set([...own, ...deps, '@tsgrad/tensor', '@tsgrad/autograd'])];
    const base = `${safe(ex.pkg.replace('@tsgrad/', ''))}__${safe(ex.exportName)}`;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return prepareExample(ex, `${base}__${n}`, order, extraction.entryNames);
  });

  const checkSrc = readFileSync(join(here, 'example-check.ts'), 'utf8');
  writeFileSync(join(examplesDir, 'example-check.ts'), checkSrc);
  writeFileSync(
    join(examplesDir, 'example-check.mjs'),
    ts.transpileModule(checkSrc, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText,
  );
  for (const p of prepared) writeFileSync(join(examplesDir, `${p.id}.ts`), p.code);

  t = performance.now();
  const program = ts.createProgram(
    prepared.map((p) => join(examplesDir, `${p.id}.ts`)),
    {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(here, '..', 'node_modules', '@types')],
    },
  );
  const verdicts = new Map<string, Verdict>();
  for (const p of prepared) {
    const sf = program.getSourceFile(join(examplesDir, `${p.id}.ts`))!;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    const text = (d: ts.Diagnostic) => {
      const line =
        d.file && d.start !== undefined
          ? d.file.getLineAndCharacterOfPosition(d.start).line + 1
          : 0;
      return `line ${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    };
    if (diags.length === 0) {
      const js = ts
        .transpileModule(p.code, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        })
        .outputText.replace("from './example-check.ts'", "from './example-check.mjs'");
      const file = join(examplesDir, `${p.id}.mjs`);
      writeFileSync(file, js);
      verdicts.set(p.id, { kind: 'program', file });
    } else if (
      diags.some((d) => MISSING_NAME.has(d.code)) &&
      diags.every((d) => MISSING_NAME.has(d.code) || CASCADE.has(d.code))
    ) {
      const missing = diags
        .filter((d) => MISSING_NAME.has(d.code))
        .map(
          (d) => /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))?.[1] ?? '?',
        );
      verdicts.set(p.id, { kind: 'fragment', missing: [...new Set(missing)] });
    } else if (
      program.getSyntacticDiagnostics(sf).length > 0 &&
      /\.\.\.\s*[)}\]]|\.\.\.\s*$|[;{]\s*\.\.\./m.test(p.example.code)
    ) {
      // `{ ... }`: code left out on purpose.
      verdicts.set(p.id, { kind: 'fragment', missing: ['... (code left out)'] });
    } else {
      verdicts.set(p.id, { kind: 'type-error', messages: diags.map(text) });
    }
  }
  return { extraction, prepared, verdicts, ms: { extract, typecheck: performance.now() - t } };
}

export interface RunOutcome {
  status: number | null;
  output: string;
  ms: number;
}

/** Runs one generated example with plain Node, in the examples folder. */
export function runExample(file: string, timeoutMs = 120_000): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [file], {
      cwd: examplesDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, ms: performance.now() - started });
    });
  });
}
