import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Thrown by {@link EvidenceStore.stage} when the source is longer than `maxBytes` (the temp file is already removed). */
export class EvidenceTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`evidence file exceeds ${maxBytes} bytes`);
    this.name = 'EvidenceTooLargeError';
  }
}

/** What to store: a stream / async iterable of bytes, or the path of an existing file (which is copied, not moved). */
export type EvidenceSource = AsyncIterable<Uint8Array | string> | string;

export interface StageOptions {
  /** Abort (and remove the temp file) as soon as more than this many bytes arrive. */
  maxBytes?: number;
}

export interface PutResult {
  sha256: string;
  size: number;
  /** False when an identical file was already stored (deduplicated). */
  created: boolean;
}

/**
 * A fully written, hashed temp file that is not in the store yet: inspect it (`tempPath`), then
 * `commit()` it into place or `discard()` it. Exactly one of them should be called.
 */
export class StagedEvidence {
  private settled = false;

  constructor(
    private readonly store: EvidenceStore,
    readonly tempPath: string,
    readonly sha256: string,
    readonly size: number,
  ) {}

  /** Atomically moves the temp file to `<dir>/<aa>/<sha256>`; if that file exists already, drops the temp file. */
  async commit(): Promise<PutResult> {
    if (this.settled) throw new Error('staged evidence file already committed or discarded');
    this.settled = true;
    const target = this.store.path(this.sha256);
    const result = { sha256: this.sha256, size: this.size };
    try {
      if (await exists(target)) {
        await removeQuietly(this.tempPath);
        return { ...result, created: false };
      }
      await mkdir(path.dirname(target), { recursive: true });
      // Same directory tree, same file system: rename is atomic. Two identical uploads racing here
      // both succeed (POSIX replaces the target with identical bytes).
      await rename(this.tempPath, target);
      return { ...result, created: true };
    } catch (err) {
      await removeQuietly(this.tempPath);
      // e.g. Windows refuses to replace a file that is open for reading: the content is there anyway.
      if (await exists(target)) return { ...result, created: false };
      throw err;
    }
  }

  async discard(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await removeQuietly(this.tempPath);
  }
}

/**
 * Content-addressed storage of evidence files: a file lives at `<dir>/<aa>/<sha256>` where `aa` is
 * the first two hex digits of its SHA-256. Nothing the client says (file name, type) is ever part of
 * a path. Files are streamed to a temp file in `dir` while being hashed, never buffered whole.
 */
export class EvidenceStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** Where the file with this SHA-256 lives (or would live). Throws on anything but 64 lower-case hex digits. */
  path(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new Error('invalid SHA-256 (expected 64 lower-case hex digits)');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  /** Size in bytes of a stored file, or null when it is not stored (or the hash is malformed). */
  async size(sha256: string): Promise<number | null> {
    if (!isSha256Hex(sha256)) return null;
    try {
      const s = await stat(this.path(sha256));
      return s.isFile() ? s.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  createReadStream(sha256: string): ReadStream {
    return createReadStream(this.path(sha256));
  }

  /**
   * Streams `source` into a temp file in the store directory, counting and hashing on the way.
   * On any failure (source error, too large, disk error) the temp file is removed before rethrowing.
   */
  async stage(source: EvidenceSource, options: StageOptions = {}): Promise<StagedEvidence> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    await mkdir(this.dir, { recursive: true });
    const tempPath = path.join(this.dir, `.tmp-${randomUUID()}`);
    const input = typeof source === 'string' ? createReadStream(source) : source;
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tempPath, 'wx', 0o640);
    try {
      try {
        for await (const piece of input) {
          const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
          if (size + chunk.byteLength > maxBytes) throw new EvidenceTooLargeError(maxBytes);
          size += chunk.byteLength;
          hash.update(chunk);
          let offset = 0;
          while (offset < chunk.byteLength) {
            const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
            offset += bytesWritten;
          }
        }
      } finally {
        await file.close();
      }
    } catch (err) {
      await removeQuietly(tempPath);
      throw err;
    }
    return new StagedEvidence(this, tempPath, hash.digest('hex'), size);
  }

  /** Stores `source` (stage + commit) and returns its hash, size and whether it was new. */
  async put(source: EvidenceSource, options: StageOptions = {}): Promise<PutResult> {
    const staged = await this.stage(source, options);
    return staged.commit();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function removeQuietly(p: string): Promise<void> {
  await unlink(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
