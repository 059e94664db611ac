import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';

/**
 * Attachments' bytes on disk: `<dataDir>/attachments/<2 hex>/<uuid>`, one file per upload (a key of its own, so
 * dropping a failed upload can never remove bytes another record uses). An upload streams into a temporary file
 * beside its place while its size and SHA-256 are taken, and is renamed into place only when complete.
 */

export interface StoredFile {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  /** Detected from the bytes; what the client declared is never trusted. */
  contentType: string;
}

/** Raised while streaming when the upload passes the limit; the partial file is gone by then. */
export class FileTooLarge extends Error {}

const TEXT_SAMPLE = 8192;

export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'attachments');
  }

  pathOf(storageKey: string): string {
    if (!/^[0-9a-f-]{36}$/.test(storageKey)) throw new Error(`file store: bad key ${storageKey}`);
    return path.join(this.root, storageKey.slice(0, 2), storageKey);
  }

  async save(source: Readable, maxBytes: number): Promise<StoredFile> {
    const storageKey = randomUUID();
    const target = this.pathOf(storageKey);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return done(new FileTooLarge(`larger than ${maxBytes} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, fs.createWriteStream(partial, { flags: 'wx' }));
      // The multipart parser ends a file at its limit without an error of its own: past it is too large too.
      if ('truncated' in source && source.truncated) throw new FileTooLarge(`larger than ${maxBytes} bytes`);
      await fs.promises.rename(partial, target);
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
    return { storageKey, sizeBytes, sha256: hash.digest('hex'), contentType: await detectType(target) };
  }

  async remove(storageKey: string): Promise<void> {
    await fs.promises.rm(this.pathOf(storageKey), { force: true });
  }

  /** The stored bytes, or null when the file is missing (restored from a backup without its files). */
  open(storageKey: string): fs.ReadStream | null {
    const file = this.pathOf(storageKey);
    return fs.existsSync(file) ? fs.createReadStream(file) : null;
  }
}

/**
 * The type by the file's magic bytes (file-type knows images, PDF, office files, archives, media …); without any,
 * text when the start is valid UTF-8 without NUL bytes, else opaque bytes.
 */
async function detectType(file: string): Promise<string> {
  const detected = await fileTypeFromFile(file);
  if (detected) return detected.mime;
  const handle = await fs.promises.open(file, 'r');
  try {
    const sample = Buffer.alloc(TEXT_SAMPLE);
    const { bytesRead } = await handle.read(sample, 0, TEXT_SAMPLE, 0);
    return looksLikeText(sample.subarray(0, bytesRead)) ? 'text/plain' : 'application/octet-stream';
  } finally {
    await handle.close();
  }
}

function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    // `stream: true` lets a character cut at the sample's end pass; an invalid sequence anywhere else throws.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
