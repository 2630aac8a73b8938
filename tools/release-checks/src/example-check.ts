/**
 * The value checks of the doc-example runner. A top-level line such as
 * `accuracy([0, 1], [0, 0]); // 0.5` states what the expression gives; the runner rewrites it to
 * `await __check(accuracy(...), "0.5", "file:line")`. Numbers must match to the digits shown
 * (`0.666…` means cut, not rounded), tensors are compared through `toArray()`, and
 * `Float32Array [1, 2]` / `shape [2, 3]` also check the kind or the shape. Comments that are
 * not a value (`// a fresh draw per batch`) are left alone.
 *
 * This file is also compiled into the folder of the generated examples, so it may import
 * nothing.
 */

export type Shown =
  | { kind: 'number'; value: number; tolerance: number }
  | { kind: 'literal'; value: string | boolean | null | undefined }
  | { kind: 'array'; items: Shown[] }
  | { kind: 'object'; entries: [string, Shown][] };

export interface Claim {
  /** `Float32Array`, or `shape` for a claim about `.shape`. */
  prefix?: string;
  value: Shown;
}

const TYPED =
  /^(Float32Array|Float64Array|Int32Array|Uint8Array|Int8Array|Int16Array|Uint16Array|Uint32Array)\s+/;
/** What may follow a value in the comment: an aside in parentheses, a dash, a colon... */
const REST_OK = /^(\s*$|\s+\(|\s*[—–]\s|\s+-\s|\s*:\s|\s*;\s|,\s+\D)/;

/** Reads the claim at the start of a `//` comment, or `null` when it is prose. */
export function parseClaim(comment: string): Claim | null {
  let text = comment.trim();
  let prefix: string | undefined;
  const typed = TYPED.exec(text);
  if (typed) {
    prefix = typed[1];
    text = text.slice(typed[0].length);
  } else if (/^shape\s+\[/.test(text)) {
    prefix = 'shape';
    text = text.replace(/^shape\s+/, '');
  }
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const value = (): Shown => {
    ws();
    const c = text[i];
    if (c === '[') {
      i++;
      const items: Shown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items };
        }
        throw new Error('array');
      }
    }
    if (c === '{') {
      i++;
      const entries: [string, Shown][] = [];
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries };
        }
        const key = /^[A-Za-z_$][\w$]*/.exec(text.slice(i));
        if (!key) throw new Error('key');
        i += key[0].length;
        ws();
        if (text[i] !== ':') throw new Error('colon');
        i++;
        entries.push([key[0], value()]);
        ws();
        if (text[i] === ',') i++;
      }
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error('string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return { kind: 'literal', value: s };
    }
    const word = /^(true|false|null|undefined|-?Infinity|NaN)\b/.exec(text.slice(i));
    if (word) {
      i += word[0].length;
      const w = word[0];
      if (w === 'true' || w === 'false') return { kind: 'literal', value: w === 'true' };
      if (w === 'null') return { kind: 'literal', value: null };
      if (w === 'undefined') return { kind: 'literal', value: undefined };
      return { kind: 'number', value: Number(w), tolerance: 0 };
    }
    const num = /^-?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?(…)?/.exec(text.slice(i));
    if (!num || num[0] === '-') throw new Error('value');
    i += num[0].length;
    const decimals = num[2]?.length ?? 0;
    const exp = Number(num[3] ?? 0);
    const unit = 10 ** (exp - decimals);
    const v = Number(num[0].replace('…', ''));
    // "0.666…" is cut after the digits shown; "0.667" is rounded to them. Tensors are float32
    // by default, so a value is also allowed float32's own rounding (2^-23 relative).
    const f32 = Math.abs(v) * 2 ** -23;
    return { kind: 'number', value: v, tolerance: (num[4] ? unit : unit / 2) + f32 };
  };
  try {
    const v = value();
    if (!REST_OK.test(text.slice(i))) return null;
    return { prefix, value: v };
  } catch {
    return null;
  }
}

function plain(x: unknown): unknown {
  if (x && typeof x === 'object') {
    const t = x as { toArray?: () => unknown; shape?: unknown; dtype?: unknown };
    if (typeof t.toArray === 'function' && Array.isArray(t.shape) && typeof t.dtype === 'string')
      return t.toArray();
    if (ArrayBuffer.isView(x) && !(x instanceof DataView))
      return Array.from(x as unknown as ArrayLike<number>);
  }
  return x;
}

function show(x: unknown): string {
  try {
    return JSON.stringify(plain(x), (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    );
  } catch {
    return String(x);
  }
}

function mismatch(actual: unknown, want: Shown, path: string): string | null {
  actual = plain(actual);
  switch (want.kind) {
    case 'number': {
      const a = typeof actual === 'boolean' ? Number(actual) : actual;
      if (typeof a !== 'number') return `${path}: expected a number, got ${show(actual)}`;
      if (Number.isNaN(want.value))
        return Number.isNaN(a) ? null : `${path}: expected NaN, got ${a}`;
      if (!Number.isFinite(want.value))
        return a === want.value ? null : `${path}: expected ${want.value}, got ${a}`;
      return Math.abs(a - want.value) <= want.tolerance
        ? null
        : `${path}: expected ${want.value} (±${want.tolerance}), got ${a}`;
    }
    case 'literal': {
      if (typeof want.value === 'boolean' && (actual === 0 || actual === 1)) actual = actual === 1;
      return Object.is(actual, want.value)
        ? null
        : `${path}: expected ${show(want.value)}, got ${show(actual)}`;
    }
    case 'array': {
      if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
      if (actual.length !== want.items.length)
        return `${path}: expected ${want.items.length} elements, got ${actual.length}: ${show(actual)}`;
      for (let k = 0; k < actual.length; k++) {
        const m = mismatch(actual[k], want.items[k], `${path}[${k}]`);
        if (m) return m;
      }
      return null;
    }
    case 'object': {
      if (!actual || typeof actual !== 'object')
        return `${path}: expected an object, got ${show(actual)}`;
      for (const [k, v] of want.entries) {
        const m = mismatch((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
        if (m) return m;
      }
      return null;
    }
  }
}

/** Throws when `actual` is not what the comment `shown` claims. */
export async function __check(actual: unknown, shown: string, where: string): Promise<void> {
  const claim = parseClaim(shown);
  if (!claim) throw new Error(`${where}: cannot read the claim ${JSON.stringify(shown)}`);
  let value = await actual;
  if (claim.prefix === 'shape') value = (value as { shape: unknown }).shape;
  else if (claim.prefix) {
    const name = (value as object | null)?.constructor?.name;
    if (name !== claim.prefix)
      throw new Error(
        `${where}: expected a ${claim.prefix}, got ${name ?? typeof value}: ${show(value)}`,
      );
  }
  let m = mismatch(value, claim.value, 'value');
  // A flat list of values may be shown for a tensor of any shape (`[0, 1, 0, 0]` for [1,2,2,1]).
  const flat = (value as { dataSync?: () => ArrayLike<number>; size?: number } | null) ?? {};
  if (
    m &&
    claim.value.kind === 'array' &&
    claim.value.items.every((x) => x.kind !== 'array') &&
    typeof flat.dataSync === 'function' &&
    flat.size === claim.value.items.length
  )
    m = mismatch(Array.from(flat.dataSync()), claim.value, 'value');
  if (m) throw new Error(`${where}: the comment says ${JSON.stringify(shown.trim())}, but ${m}`);
}
