import { Tensor, ValueError } from '@tsgrad/tensor';
import { type Labels, readLabels } from './inputs.js';

/** A class label: a number or a string. */
export type Label = number | string;

/** The saved state of a {@link LabelEncoder} (`toJSON()`). */
export interface LabelEncoderJSON {
  type: 'labelEncoder';
  classes: Label[] | null;
}

/** Numbers first (ascending), then strings (by code unit), as scikit-learn's sorted `classes_`. */
function compare(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Maps arbitrary labels (strings or numbers) to class indices `0..K-1`, like scikit-learn's
 * `LabelEncoder`. Classes are sorted: numbers ascending, then strings. `1` and `'1'` are
 * different classes. Create one with {@link labelEncoder}.
 * @example
 * import { LabelEncoder } from '@tsgrad/data';
 * const enc = new LabelEncoder().fit(['cat', 'dog', 'bird', 'cat']);
 * enc.classes; // ['bird', 'cat', 'dog']
 * enc.transform(['dog', 'cat']); // Int32Array [2, 1]
 * enc.inverseTransform([0, 2]); // ['bird', 'dog']
 * LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc))).classes; // ['bird', 'cat', 'dog']
 */
export class LabelEncoder {
  private index = new Map<Label, number>();
  /** The sorted distinct labels seen in `fit`; `classes[i]` is encoded as `i`. */
  classes?: Label[];

  /**
   * Learns the classes.
   * @throws {ValueError} for an empty list or a label that is neither a number nor a string.
   */
  fit(labels: Labels): this {
    const raw = readLabels('LabelEncoder.fit', labels);
    if (raw.length === 0)
      throw new ValueError('LabelEncoder.fit', 'labels are empty; needs at least one');
    this.setClasses([...new Set(raw)].sort(compare));
    return this;
  }

  private setClasses(classes: Label[]): void {
    this.classes = classes;
    this.index = new Map(classes.map((c, i) => [c, i]));
  }

  /**
   * Encodes labels as class indices.
   * @throws {ValueError} before `fit`, or for a label not seen in `fit` (naming it).
   */
  transform(labels: Labels): Int32Array {
    const op = 'LabelEncoder.transform';
    if (this.classes === undefined)
      throw new ValueError(op, 'not fitted yet; call fit(labels) first');
    const raw = readLabels(op, labels);
    const out = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const k = this.index.get(raw[i]);
      if (k === undefined)
        throw new ValueError(
          op,
          `label ${JSON.stringify(raw[i])} at index ${i} was not seen in fit`,
        );
      out[i] = k;
    }
    return out;
  }

  /** `fit(labels)` then `transform(labels)`. */
  fitTransform(labels: Labels): Int32Array {
    return this.fit(labels).transform(labels);
  }

  /**
   * Decodes class indices back to labels.
   * @throws {ValueError} before `fit`, or for an index outside `0..K-1`.
   */
  inverseTransform(indices: Tensor | ArrayLike<number>): Label[] {
    const op = 'LabelEncoder.inverseTransform';
    if (this.classes === undefined)
      throw new ValueError(op, 'not fitted yet; call fit(labels) first');
    const idx = indices instanceof Tensor ? indices.dataSync() : indices;
    const out: Label[] = new Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const c = this.classes[idx[i]];
      if (!Number.isInteger(idx[i]) || c === undefined) {
        throw new ValueError(
          op,
          `index ${idx[i]} at position ${i} is outside [0, ${this.classes.length})`,
        );
      }
      out[i] = c;
    }
    return out;
  }

  /** The classes, as plain JSON. */
  toJSON(): LabelEncoderJSON {
    return { type: 'labelEncoder', classes: this.classes ? [...this.classes] : null };
  }

  /**
   * Rebuilds an encoder from `toJSON()` output.
   * @throws {ValueError} for state of another type.
   */
  static fromJSON(json: LabelEncoderJSON): LabelEncoder {
    const op = 'LabelEncoder.fromJSON';
    if (json?.type !== 'labelEncoder' || (json.classes !== null && !Array.isArray(json.classes))) {
      throw new ValueError(
        op,
        `expected saved state of type 'labelEncoder', got ${JSON.stringify(json)?.slice(0, 60)}`,
      );
    }
    const e = new LabelEncoder();
    if (json.classes !== null) e.setClasses([...json.classes]);
    return e;
  }
}

/**
 * A label encoder (see {@link LabelEncoder}).
 * @example
 * const enc = labelEncoder().fit(['cat', 'dog', 'cat', 'bird']);
 * enc.classes;                  // ['bird', 'cat', 'dog']
 * enc.transform(['dog', 'cat']); // Int32Array [2, 1]
 * enc.inverseTransform([0]);     // ['bird']
 */
export function labelEncoder(): LabelEncoder {
  return new LabelEncoder();
}
