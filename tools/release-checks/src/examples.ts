import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { exportSubpaths, publishedPackages, repoRoot, type WorkspacePackage } from './workspace.ts';

/** One `@example` block, attributed to the export whose JSDoc holds it. */
export interface DocExample {
  pkg: string;
  /** `accuracy`, or `Model.fit` for a member of an exported class. */
  exportName: string;
  /** Source file and line of the JSDoc, relative to the repo root. */
  where: string;
  code: string;
}

export interface PublicExport {
  pkg: string;
  name: string;
  kind: 'value' | 'type';
  where: string;
  examples: number;
}

export interface Extraction {
  exports: PublicExport[];
  examples: DocExample[];
  /** Export names per package entry (`@tsgrad/tensor`, `@tsgrad/tensor/testing`). */
  entryNames: Map<string, { values: Set<string>; types: Set<string> }>;
}

/** `./dist/testing.js` → `src/testing.ts`: the source behind each entry point. */
export function entrySources(pkg: WorkspacePackage): Map<string, string> {
  const out = new Map<string, string>();
  for (const sub of exportSubpaths(pkg.manifest)) {
    const base = sub === '.' ? 'index' : sub.slice(2);
    const file = join(pkg.dir, 'src', `${base}.ts`);
    if (existsSync(file)) out.set(sub === '.' ? pkg.name : `${pkg.name}/${base}`, file);
  }
  return out;
}

/**
 * The code of every `@example` in a raw JSDoc comment. A tag may start a line or follow text on
 * the same line (`/** a + b. @example add(a, b); // [3] *\/`); the block runs to the next tag
 * that starts a line. Fenced blocks inside an example are unwrapped.
 */
export function examplesInComment(raw: string): string[] {
  const body = raw
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
  const out: string[] = [];
  let current: string[] | null = null;
  const flush = () => {
    if (current) {
      const text = current.join('\n').trim();
      const fenced = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1].trimEnd());
      const code = fenced.length ? fenced.join('\n') : text;
      if (code) out.push(code);
    }
    current = null;
  };
  for (const line of body) {
    const at = /(^|\s)@example\b/.exec(line);
    if (at) {
      flush();
      current = [line.slice(at.index + at[0].length).replace(/^\s/, '')];
      continue;
    }
    if (/^\s*@\w+/.test(line)) {
      flush();
      continue;
    }
    current?.push(line);
  }
  flush();
  return out;
}

function jsDocNodes(decl: ts.Node): ts.JSDoc[] {
  const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ((host as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter(ts.isJSDoc);
}

function rawComments(decl: ts.Node): string[] {
  const sf = decl.getSourceFile();
  return jsDocNodes(decl).map((d) => sf.text.slice(d.pos, d.end));
}

/** Which published package declares this file, by path. */
function owner(file: string, pkgs: WorkspacePackage[]): WorkspacePackage | undefined {
  return pkgs.find((p) => file.startsWith(`${join(p.dir, 'src')}/`));
}

/**
 * Walks the public exports of every published package with the TypeScript checker, from each
 * entry point in its `exports` map, and collects their `@example` blocks (and those of the
 * public members of exported classes). A re-export counts for the package that declares it.
 */
export function extractExamples(pkgs = publishedPackages()): Extraction {
  const entries = pkgs.flatMap((p) =>
    [...entrySources(p)].map(([spec, file]) => ({ p, spec, file })),
  );
  const paths: Record<string, string[]> = {};
  for (const p of publishedPackages({ ignoreFilter: true })) {
    for (const [spec, file] of entrySources(p)) paths[spec] = [file];
  }
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
      strict: true,
      types: ['node'],
      paths,
      baseUrl: repoRoot,
    },
  );
  const checker = program.getTypeChecker();
  const seen = new Set<ts.Declaration>();
  const exports: PublicExport[] = [];
  const examples: DocExample[] = [];
  const entryNames = new Map<string, { values: Set<string>; types: Set<string> }>();

  const at = (d: ts.Node) => {
    const sf = d.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(d.getStart());
    return `${relative(repoRoot, sf.fileName)}:${line + 1}`;
  };

  for (const { spec, file } of entries) {
    const sf = program.getSourceFile(file);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`cannot read the module ${file}`);
    const names = { values: new Set<string>(), types: new Set<string>() };
    for (const sym of checker.getExportsOfModule(mod)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decls = target.declarations ?? [];
      if (decls.length === 0 || target.flags & ts.SymbolFlags.ValueModule) continue; // `export * as ns`
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
      (isValue ? names.values : names.types).add(sym.name);
      const decl = decls[0];
      if (seen.has(decl)) continue;
      seen.add(decl);
      const declPkg = owner(decl.getSourceFile().fileName, pkgs);
      if (!declPkg) continue;
      const found = decls.flatMap(rawComments).flatMap(examplesInComment);
      for (const code of found)
        examples.push({ pkg: declPkg.name, exportName: sym.name, where: at(decl), code });
      exports.push({
        pkg: declPkg.name,
        name: sym.name,
        kind: isValue ? 'value' : 'type',
        where: at(decl),
        examples: found.length,
      });
      // Public members of exported classes carry examples too (`Model.fit`).
      for (const d of decls) {
        if (!ts.isClassDeclaration(d)) continue;
        for (const m of d.members) {
          const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
          if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || !m.name) continue;
          if (m.name && ts.isPrivateIdentifier(m.name)) continue;
          for (const code of rawComments(m).flatMap(examplesInComment)) {
            examples.push({
              pkg: declPkg.name,
              exportName: `${sym.name}.${m.name.getText()}`,
              where: at(m),
              code,
            });
          }
        }
      }
    }
    entryNames.set(spec, names);
  }
  return { exports, examples, entryNames };
}
