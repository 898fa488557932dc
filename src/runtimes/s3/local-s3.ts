/**
 * The local stand-in for S3: `s3://<bucket>/<key>` is the file `<root>/<bucket>/<key>`, where root is
 * `<data dir>/s3`. A key ending in `/` (or naming a folder) is a prefix. Jobs read their inputs from here and
 * write their outputs here; `Std:JsonGet` over an `S3Uri` and `PipelineDefinitionS3Location` read from here.
 *
 * Reads are synchronous on purpose: the engine resolves expressions synchronously and the objects it reads
 * (property files, results.json) are small. Bulk copies for job inputs and outputs are asynchronous.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

/** The parts of an S3 URI. */
export interface S3Location {
  readonly bucket: string;
  /** The key without a leading slash; `''` for the bucket itself. */
  readonly key: string;
}

/** Bucket names as S3 allows them (3–63 of lower-case letters, digits, dots and hyphens), plus upper case and `_`,
 * which old buckets and test fixtures use. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** `s3://bucket/key` → its parts, or undefined when `uri` is not an S3 URI this store can hold. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) return undefined;
  const bucket = m[1] ?? '';
  const key = m[2] ?? '';
  if (!BUCKET.test(bucket)) return undefined;
  // `..` would escape the bucket's folder; `.` segments and empty segments are harmless but not S3-like.
  if (key.split('/').some((segment) => segment === '..')) return undefined;
  return { bucket, key };
}

/** `s3://a/b` + `c/d` → `s3://a/b/c/d` (one slash between, whatever the inputs end or start with). */
export function joinS3Uri(base: string, ...parts: string[]): string {
  return [base.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, ''))].filter((p) => p).join('/');
}

/** Local S3 rooted at a folder. */
export class LocalS3 {
  constructor(
    /** `<data dir>/s3`. */
    readonly root: string,
  ) {}

  /** The file or folder an S3 URI maps to; throws on a URI this store cannot hold. */
  pathOf(uri: string): string {
    const location = parseS3Uri(uri);
    if (!location) throw new InvalidS3UriError(uri);
    return join(this.root, location.bucket, ...location.key.split('/').filter((s) => s !== '' && s !== '.'));
  }

  /** The text of an object, or undefined when there is none (or `uri` names a folder or is no S3 URI). */
  readObject = (uri: string): string | undefined => {
    const bytes = this.readObjectBytes(uri);
    return bytes?.toString('utf8');
  };

  /** The bytes of an object, or undefined. */
  readObjectBytes(uri: string): Buffer | undefined {
    if (!parseS3Uri(uri) || uri.endsWith('/')) return undefined;
    const path = this.pathOf(uri);
    try {
      return statSync(path).isFile() ? readFileSync(path) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes an object (creating its bucket and "folders"), replacing what was there. */
  writeObject(uri: string, body: string | Uint8Array): void {
    const path = this.pathOf(uri);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }

  /** True when an object or a non-empty prefix exists at `uri`. */
  exists(uri: string): boolean {
    return parseS3Uri(uri) !== undefined && existsSync(this.pathOf(uri));
  }

  /**
   * Copies what an `S3Prefix` data source names into `folder`, as SageMaker downloads it: an object whose key
   * is exactly the URI lands as `folder/<its base name>`; a prefix that ends at a `/` has its objects copied
   * with their paths below it; otherwise every object whose key starts with the prefix is copied with its path
   * below the prefix's folder. Answers how many entries were copied (0: nothing matched).
   */
  async download(uri: string, folder: string): Promise<number> {
    const path = this.pathOf(uri);
    await mkdir(folder, { recursive: true });
    const here = await statOrUndefined(path);
    if (here?.isFile()) {
      await cp(path, join(folder, path.slice(path.lastIndexOf(sep) + 1)));
      return 1;
    }
    if (here?.isDirectory()) {
      const entries = await readdir(path);
      if (entries.length > 0) await cp(path, folder, { recursive: true });
      return entries.length;
    }
    if (uri.endsWith('/')) return 0;
    // A partial last segment: `s3://b/data/train` matches `data/train.csv` and `data/train-2/…`.
    const parent = dirname(path);
    const stem = path.slice(parent.length + 1);
    const siblings = (await statOrUndefined(parent))?.isDirectory() ? await readdir(parent) : [];
    let copied = 0;
    for (const name of siblings.filter((n) => n.startsWith(stem))) {
      await cp(join(parent, name), join(folder, name), { recursive: true });
      copied++;
    }
    return copied;
  }

  /** Copies a local folder's files below `uri` (an upload of a processing output or of `/opt/ml/model`). */
  async upload(folder: string, uri: string): Promise<void> {
    const target = this.pathOf(uri);
    await mkdir(target, { recursive: true });
    if ((await readdir(folder)).length > 0) await cp(folder, target, { recursive: true });
  }
}

/** A string that is not an `s3://bucket/key` URI this store can map to a file. */
export class InvalidS3UriError extends Error {
  constructor(readonly uri: string) {
    super(`'${uri}' is not an S3 URI of the form s3://bucket/key`);
  }
}

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/** The local S3 of a data folder: `<dataDir>/s3`. */
export function localS3For(dataDir: string): LocalS3 {
  return new LocalS3(join(dataDir, 's3'));
}
