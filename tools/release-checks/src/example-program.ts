import ts from 'typescript';
import { parseClaim } from './example-check.ts';
import type { DocExample } from './examples.ts';

export interface EntryNames {
  values: Set<string>;
  types: Set<string>;
}

export interface PreparedExample {
  example: DocExample;
  /** File name (without extension) in the generated folder. */
  id: string;
  /** The TypeScript module: imports added, value claims turned into checks. */
  code: string;
  /** How many `// value` claims it checks. */
  checks: number;
  /** Names it uses that it did not import, and where they were imported from. */
  autoImports: Map<string, string[]>;
}

/** Names a snippet declares itself (so they are never imported over). */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) out.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  const walk = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) bind(n.name);
    else if (
      (ts.isFunctionDeclaration(n) ||
        ts.isClassDeclaration(n) ||
        ts.isInterfaceDeclaration(n) ||
        ts.isTypeAliasDeclaration(n) ||
        ts.isEnumDeclaration(n)) &&
      n.name
    )
      out.add(n.name.text);
    else if (ts.isImportClause(n) && n.name) out.add(n.name.text);
    else if (ts.isImportSpecifier(n) || ts.isNamespaceImport(n)) out.add(n.name.text);
    else if (ts.isTypeParameterDeclaration(n)) out.add(n.name.text);
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return out;
}

/** Identifiers used as values or types (not property names, not declarations). */
function referencedNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        (ts.isPropertyAssignment(p) && p.name === n) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        ((ts.isMethodDeclaration(p) ||
          ts.isPropertyDeclaration(p) ||
          ts.isPropertySignature(p) ||
          ts.isMethodSignature(p) ||
          ts.isGetAccessor(p) ||
          ts.isSetAccessor(p)) &&
          p.name === n) ||
        ts.isImportSpecifier(p) ||
        ts.isLabeledStatement(p) ||
        ts.isBreakOrContinueStatement(p);
      if (!isName) out.add(n.text);
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return out;
}

/**
 * Turns one `@example` into a module that can be type-checked and run: names it uses from
 * tsgrad without importing them are imported (from its own package first, then the packages
 * in `searchOrder`), `@tsgrad/autograd` is loaded when it calls `.backward()` or reads `.grad`,
 * and each top-level `expression; // value` becomes a check of that value.
 */
export function prepareExample(
  example: DocExample,
  id: string,
  searchOrder: string[],
  names: Map<string, EntryNames>,
): PreparedExample {
  const sf = ts.createSourceFile(
    `${id}.ts`,
    example.code,
    ts.ScriptTarget.ES2022,
    true,
    ts.ScriptKind.TS,
  );
  const declared = declaredNames(sf);
  const used = [...referencedNames(sf)].filter((n) => !declared.has(n)).sort();
  const autoImports = new Map<string, string[]>();
  const typeImports = new Map<string, string[]>();
  for (const name of used) {
    for (const spec of searchOrder) {
      const e = names.get(spec);
      if (!e) continue;
      const target = e.values.has(name) ? autoImports : e.types.has(name) ? typeImports : null;
      if (!target) continue;
      target.set(spec, [...(target.get(spec) ?? []), name]);
      break;
    }
  }
  const importsAutograd =
    autoImports.has('@tsgrad/autograd') ||
    sf.statements.some(
      (s) =>
        ts.isImportDeclaration(s) &&
        /^['"](@tsgrad\/autograd|tsgrad)['"]$/.test(s.moduleSpecifier.getText()),
    );
  const needsAutograd = /\.backward\(|\.grad\b/.test(example.code) && !importsAutograd;

  // Value claims on top-level expression statements.
  let body = example.code;
  let checks = 0;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st)) continue;
    const comment = ts
      .getTrailingCommentRanges(example.code, st.end)
      ?.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
    if (!comment) continue;
    const text = example.code.slice(comment.pos + 2, comment.end);
    if (!parseClaim(text)) continue;
    const line = sf.getLineAndCharacterOfPosition(st.getStart()).line + 1;
    // `console.log(x); // value` states what x is.
    let expr: ts.Expression = st.expression;
    if (
      ts.isCallExpression(expr) &&
      expr.arguments.length === 1 &&
      /^console\.(log|info)$/.test(expr.expression.getText())
    )
      expr = expr.arguments[0];
    const where = `${example.where} (@example line ${line})`;
    edits.push({
      start: st.getStart(),
      end: st.end,
      text: `await __check((${expr.getText()}), ${JSON.stringify(text)}, ${JSON.stringify(where)});`,
    });
    checks++;
  }
  for (const e of edits.reverse()) body = body.slice(0, e.start) + e.text + body.slice(e.end);

  const head = [
    ...[...autoImports].map(([spec, ns]) => `import { ${ns.join(', ')} } from '${spec}';`),
    ...[...typeImports].map(([spec, ns]) => `import type { ${ns.join(', ')} } from '${spec}';`),
    ...(needsAutograd ? ["import '@tsgrad/autograd';"] : []),
    ...(checks > 0 ? ["import { __check } from './example-check.ts';"] : []),
  ];
  // Imports written in the example must stay at the top of the module, before the body.
  const own = sf.statements.filter(ts.isImportDeclaration);
  const ownText = own.map((s) => s.getText());
  for (const s of [...own].reverse()) {
    const start = s.getStart();
    if (body.slice(start, s.end) === s.getText()) body = body.slice(0, start) + body.slice(s.end);
  }
  const code = `${[...ownText, ...head].join('\n')}\n\n${body.trim()}\n\nexport {};\n`;
  for (const [spec, ns] of typeImports) autoImports.set(`type ${spec}`, ns);
  return { example, id, code, checks, autoImports };
}
