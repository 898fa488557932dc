/**
 * Just enough tar.gz for SageMaker's conventions: `/opt/ml/model` is uploaded as `model.tar.gz`, and framework
 * training scripts arrive as `sourcedir.tar.gz`. Writes ustar (with GNU long names past 255 characters); reads
 * regular files and folders of ustar, GNU and pax archives, ignoring links and devices.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** A file to put in an archive. */
export interface TarEntry {
  /** Path inside the archive, with `/` separators. */
  readonly path: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;

/** A gzip-compressed tar archive of `entries`. */
export function tarGz(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, '');
    const split = splitName(path);
    if (!split) {
      const long = Buffer.from(path + '\0', 'utf8');
      parts.push(header('././@LongLink', '', long.length, 'L'), pad(long));
    }
    parts.push(header(split?.name ?? path.slice(0, 100), split?.prefix ?? '', entry.data.length, '0'));
    parts.push(pad(Buffer.from(entry.data)));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** A tar.gz of every file below `folder`, with paths relative to it. */
export async function tarGzFolder(folder: string): Promise<Buffer> {
  const entries: TarEntry[] = [];
  for (const file of await listFiles(folder)) {
    entries.push({ path: relative(folder, file).split(sep).join('/'), data: await readFile(file) });
  }
  return tarGz(entries);
}

/** Extracts the regular files of a tar or tar.gz archive into `folder`; answers how many were written. */
export async function extractTar(archive: Uint8Array, folder: string): Promise<number> {
  const bytes = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : Buffer.from(archive);
  const root = resolve(folder);
  let offset = 0;
  let longName: string | undefined;
  let written = 0;
  while (offset + BLOCK <= bytes.length) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    const size = parseInt(text(block, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156] ?? 0);
    const data = bytes.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    const prefix = text(block, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    longName = undefined;
    const target = resolve(root, name);
    // Never write outside the folder, whatever the archive says.
    if (target !== root && !target.startsWith(root + sep)) continue;
    if (type === '5') {
      await mkdir(target, { recursive: true });
    } else if (type === '0' || type === '\0' || type === '7') {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
      written++;
    }
  }
  return written;
}

function header(name: string, prefix: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 8, 'ascii');
  block.write('0000000\0', 108, 8, 'ascii');
  block.write('0000000\0', 116, 8, 'ascii');
  block.write(size.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
  block.write('00000000000\0', 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  const sum = block.reduce((a, b) => a + b, 0);
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return block;
}

/** ustar's name/prefix split of a path, or undefined when it does not fit (a GNU long name is needed). */
function splitName(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  return undefined;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

function text(block: Buffer, start: number, length: number): string {
  return block.toString('utf8', start, start + length).replace(/\0.*$/s, '');
}

async function listFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}
