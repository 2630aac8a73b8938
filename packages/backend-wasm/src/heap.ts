import { BackendError, type DataId, type DType, type TypedArray } from '@tsgrad/tensor';

const PAGE = 65536;
/** Every block starts on a 64-byte boundary (a cache line; SIMD loads never straddle one). */
const ALIGN = 64;

/** One allocation of the heap, shared by the handles that view it (a slice shares its parent's). */
export interface Block {
  readonly ptr: number;
  /** The block's size class in bytes (what `free` gives back). */
  readonly bytes: number;
  /** Handles still using the block; it returns to its free list at 0. */
  refs: number;
}

/**
 * The size class of an allocation: multiples of 64 bytes up to 1 KiB, then eight classes per
 * power of two (at most 12.5% unused), so the same shapes step after step reuse the same blocks.
 * @example sizeClass(100); // 128
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 1024) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  // floor(log2(bytes − 1)) − 3, without floating point (bytes < 2³²).
  const step = 2 ** (28 - Math.clz32(bytes - 1));
  return Math.ceil(bytes / step) * step;
}

/**
 * A free-list allocator over a region of a WebAssembly memory: tensors' storage lives where the
 * kernels read it, so a kernel copies nothing in or out, and a training step that makes the
 * same shapes every time reuses the same blocks (no allocation in steady state). Freed blocks
 * go to an exact free list per size class; new blocks come from a bump pointer that grows the
 * memory. `limit` caps what tensors may hold (kernels' scratch may go past it, up to what the
 * memory allows): past it `alloc` returns -1 and the caller keeps the tensor in a JavaScript
 * array instead, as garbage-collected CPU storage.
 */
export class Heap {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** Bytes in blocks handed out and not freed (tensors and scratch). */
  inUse = 0;
  /** Blocks that came from a free list (reuse) and from the bump pointer (new memory). */
  readonly counts = { reused: 0, fresh: 0, overLimit: 0 };

  /**
   * @param onLimit called the first time a tensor is refused for being past `limit` (the backend
   *   warns once: past it, tensors are slower JavaScript arrays).
   */
  constructor(
    readonly memory: WebAssembly.Memory,
    readonly base: number,
    readonly limit: number,
    private readonly onLimit?: (bytes: number) => void,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  private refuse(bytes: number): null {
    if (this.counts.overLimit++ === 0) this.onLimit?.(bytes);
    return null;
  }

  /** Bytes between the heap's base and its bump pointer (what it has ever needed at once). */
  get extent(): number {
    return this.top - this.base;
  }

  /**
   * A block of at least `bytes` bytes, or null when `force` is false and handing it out would
   * take the heap past `limit`.
   * @throws {BackendError} when the memory cannot grow any more (only with `force`).
   */
  alloc(bytes: number, force = false): Block | null {
    const cls = sizeClass(bytes);
    const list = this.free.get(cls);
    if (list !== undefined && list.length > 0) {
      this.counts.reused++;
      this.inUse += cls;
      return { ptr: list.pop()!, bytes: cls, refs: 1 };
    }
    if (!force && this.top + cls - this.base > this.limit) return this.refuse(cls);
    const ptr = this.top;
    const end = ptr + cls;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (e) {
        if (!force) return this.refuse(cls);
        throw new BackendError(
          'wasm',
          `out of WebAssembly memory: cannot grow past ${have} bytes to ${end} (${(e as Error).message})`,
        );
      }
    }
    this.top = end;
    this.counts.fresh++;
    this.inUse += cls;
    return { ptr, bytes: cls, refs: 1 };
  }

  /** Returns a block to its free list. */
  release(block: Block): void {
    this.inUse -= block.bytes;
    let list = this.free.get(block.bytes);
    if (list === undefined) this.free.set(block.bytes, (list = []));
    list.push(block.ptr);
  }
}

type ArrayCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;

const ARRAYS: Record<DType, ArrayCtor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * A tensor buffer inside the heap. `values` is a view of the linear memory, remade when the
 * memory grew (growing a non-shared memory detaches the old views); `read` and `readSync`
 * hand out copies, so no view escapes to users and a freed block can be reused safely.
 */
export class HeapData implements DataId {
  private view: TypedArray | undefined;
  /** False once disposed. */
  live = true;

  constructor(
    public backend: string,
    readonly dtype: DType,
    readonly heap: Heap,
    readonly block: Block,
    /** Byte offset of the first element (the block's start, or inside it for a slice). */
    readonly ptr: number,
    /** Elements. */
    readonly length: number,
  ) {}

  /** The elements, as a view of the heap (valid until the next kernel may grow the memory). */
  get values(): TypedArray {
    let v = this.view;
    if (v === undefined || v.length !== this.length) {
      v = new ARRAYS[this.dtype](this.heap.memory.buffer, this.ptr, this.length);
      this.view = v;
    }
    return v;
  }

  get byteLength(): number {
    return this.length * BYTES[this.dtype];
  }
}
