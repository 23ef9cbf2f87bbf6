/**
 * Where uploaded file contents live: addressed by their SHA-256, so the same content is stored
 * once and a stored file can never change under its name. The database keeps the metadata.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { NotFound, ValidationFailed } from '../errors.js';

/** A content-addressed store of file contents. */
export interface FileStorage {
  /** Stores the bytes (a no-op when they are already stored) and returns their hash and size. */
  put(buf: Buffer): Promise<{ sha256: string; size: number }>;
  /** The stored bytes; NotFound when absent. */
  get(sha256: string): Promise<Buffer>;
  /** The stored bytes as a stream (for downloads); an absent file errors the stream. */
  stream(sha256: string): Readable;
  /** Whether the content is stored. */
  has(sha256: string): Promise<boolean>;
}

const HASH = /^[0-9a-f]{64}$/;

/** Refuses anything but a lowercase hex SHA-256, so a hash can never name a path outside the store. */
function checkHash(sha256: string): void {
  if (!HASH.test(sha256)) throw new ValidationFailed({ sha256: '文件标识格式不正确。' }, '文件标识格式不正确。');
}

/** The disk store: `dir/ab/cd/<sha256>`, written to a temporary file, synced, then renamed into place. */
export function createDiskStorage(dir: string): FileStorage {
  const root = path.resolve(dir);
  const fileOf = (sha256: string) => {
    checkHash(sha256);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function exists(file: string): Promise<boolean> {
    try {
      await fsp.access(file);
      return true;
    } catch {
      return false;
    }
  }

  return {
    async put(buf) {
      const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
      const file = fileOf(sha256);
      if (await exists(file)) return { sha256, size: buf.length };
      const folder = path.dirname(file);
      await fsp.mkdir(folder, { recursive: true });
      // Same folder as the target, so the rename is atomic; a crash leaves at most a stray .tmp file.
      const tmp = path.join(folder, `.${sha256}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      const handle = await fsp.open(tmp, 'wx', 0o640);
      try {
        await handle.writeFile(buf);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await fsp.rm(tmp, { force: true });
        throw err;
      }
      await handle.close();
      // Concurrent puts of the same content rename identical bytes over each other: harmless.
      await fsp.rename(tmp, file);
      const dirHandle = await fsp.open(folder, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
      return { sha256, size: buf.length };
    },

    async get(sha256) {
      try {
        return await fsp.readFile(fileOf(sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFound('FILE_NOT_FOUND', '文件不存在或已被移除。');
        throw err;
      }
    },

    stream(sha256) {
      return fs.createReadStream(fileOf(sha256));
    },

    async has(sha256) {
      return exists(fileOf(sha256));
    },
  };
}
