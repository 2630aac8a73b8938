/**
 * Writes a file so that a crash never leaves a half-written one: the bytes go to a temporary
 * file in the same directory, are flushed to disk, and are then renamed over the target (rename
 * is atomic within a filesystem). Node only.
 * @example
 * const { tmpdir } = await import('node:os');
 * await writeFileAtomic(`${tmpdir()}/tsgrad-example.txt`, 'all or nothing');
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const fs = await import('node:fs/promises');
  const { dirname, basename, join } = await import('node:path');
  const dir = dirname(path);
  const tmp = join(
    dir,
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  // Persist the rename itself (best effort: not every platform can fsync a directory).
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Windows cannot open directories; the rename is still atomic there.
  }
}
