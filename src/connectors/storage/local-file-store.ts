import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError, type FileStore, type StoredFile } from './file-store.ts';

const KEY_RE = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** Files under a directory (default ./data/files), two-level fan-out by key. */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY_RE.test(key)) throw new Error('Bad file key');
    return path.join(this.root, key);
  }

  async put(content: Readable, options: { maxBytes: number }): Promise<StoredFile> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > options.maxBytes) return cb(new FileTooLargeError('File is too large'));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    // A stream that was cut short by the multipart limit reports `truncated`.
    if ((content as any).truncated) {
      await rm(file, { force: true });
      throw new FileTooLargeError('File is too large');
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    await stat(file);
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
