/**
 * Reads deployment packages: the zip central directory (with Zip64), stored and deflated entries, CRC checks.
 * Sizes come from the central directory and are enforced while inflating, so a zip bomb fails at the declared
 * size instead of filling memory or the disk.
 *
 * Not supported (the package is refused): encryption, compression methods other than stored and deflate, archives
 * split over several disks. Symbolic links are skipped when unpacking.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

/** A package that cannot be read; the message says why (for the log, not for the client). */
export class ZipError extends Error {}

/** One entry of the central directory. */
export interface ZipEntry {
  /** The path inside the package, with '/' separators and no leading slash. */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isSymlink: boolean;
  /** Unix permission bits when the archiver recorded them. */
  readonly mode: number | undefined;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const MAX_COMMENT = 0xffff;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/** Lists the entries of a zip. Throws ZipError when it is not a readable zip or names an unsafe path. */
export function readZipEntries(zip: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  let count = zip.readUInt16LE(eocd + 10);
  let size = zip.readUInt32LE(eocd + 12);
  let offset = zip.readUInt32LE(eocd + 16);
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0) {
    throw new ZipError('multi-disk archives are not supported');
  }
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    ({ count, size, offset } = readZip64End(zip, eocd));
  }
  if (offset + size > zip.length) throw new ZipError('the central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`central directory entry ${i} is damaged`);
    }
    const entry = readCentralEntry(zip, at);
    entries.push(entry.entry);
    at = entry.next;
  }
  return entries;
}

/** The uncompressed bytes of an entry, checked against its size and CRC. */
export function readZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw new ZipError(`the local header of ${entry.name} is damaged`);
  }
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipError(`the data of ${entry.name} lies outside the file`);
  const raw = zip.subarray(start, end);
  let data: Buffer;
  if (entry.method === STORED) data = raw;
  else if (entry.method === DEFLATED) {
    try {
      // One byte more than declared, so that an entry inflating past its size is caught below.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    } catch (error) {
      throw new ZipError(`${entry.name} does not inflate: ${(error as Error).message}`, { cause: error });
    }
  } else throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  if (data.length !== entry.uncompressedSize) throw new ZipError(`${entry.name} is not the size its header says`);
  if (crc32(data) >>> 0 !== entry.crc32) throw new ZipError(`${entry.name} fails its CRC check`);
  return data;
}

/** Total uncompressed size of the regular files. */
export function unzippedSize(entries: readonly ZipEntry[]): number {
  return entries.reduce((sum, e) => sum + (e.isDirectory || e.isSymlink ? 0 : e.uncompressedSize), 0);
}

/**
 * Unpacks into `dir`, atomically: into a sibling temp folder first, renamed into place at the end, so a folder
 * that exists is complete. Another process that won the race leaves its (identical) folder in place.
 */
export function unpackZip(zip: Buffer, dir: string): void {
  const entries = readZipEntries(zip);
  const temp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(temp, { recursive: true });
  try {
    for (const entry of entries) {
      const target = join(temp, entry.name);
      if (entry.isDirectory) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      if (entry.isSymlink) continue;
      mkdirSync(dirname(target), { recursive: true });
      // Keep the execute bits, and make sure the owner can read.
      writeFileSync(target, readZipEntry(zip, entry), { mode: ((entry.mode ?? 0o644) & 0o777) | 0o400 });
    }
    mkdirSync(dirname(dir), { recursive: true });
    try {
      renameSync(temp, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      rmSync(temp, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE && at + 22 + zip.readUInt16LE(at + 20) <= zip.length) return at;
  }
  throw new ZipError('no end-of-central-directory record: not a zip file');
}

function readZip64End(zip: Buffer, eocd: number): { count: number; size: number; offset: number } {
  const locator = eocd - 20;
  if (locator < 0 || zip.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) {
    throw new ZipError('a Zip64 archive without its locator');
  }
  const record = safeNumber(zip.readBigUInt64LE(locator + 8));
  if (record + 56 > zip.length || zip.readUInt32LE(record) !== ZIP64_EOCD_SIGNATURE) {
    throw new ZipError('the Zip64 end record is damaged');
  }
  return {
    count: safeNumber(zip.readBigUInt64LE(record + 32)),
    size: safeNumber(zip.readBigUInt64LE(record + 40)),
    offset: safeNumber(zip.readBigUInt64LE(record + 48)),
  };
}

function readCentralEntry(zip: Buffer, at: number): { entry: ZipEntry; next: number } {
  const madeBy = zip.readUInt16LE(at + 4) >> 8;
  const flags = zip.readUInt16LE(at + 8);
  const method = zip.readUInt16LE(at + 10);
  const crc = zip.readUInt32LE(at + 16);
  let compressedSize = zip.readUInt32LE(at + 20);
  let uncompressedSize = zip.readUInt32LE(at + 24);
  const nameLength = zip.readUInt16LE(at + 28);
  const extraLength = zip.readUInt16LE(at + 30);
  const commentLength = zip.readUInt16LE(at + 32);
  const external = zip.readUInt32LE(at + 38);
  let localHeaderOffset = zip.readUInt32LE(at + 42);
  const next = at + 46 + nameLength + extraLength + commentLength;
  if (next > zip.length) throw new ZipError('a central directory entry runs past the end of the file');
  const rawName = zip.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
  if ((flags & 1) !== 0) throw new ZipError(`${rawName} is encrypted`);
  // Zip64 extra field: the 64-bit values of the fields saturated above, in this order.
  let extra = at + 46 + nameLength;
  const extraEnd = extra + extraLength;
  while (extra + 4 <= extraEnd) {
    const id = zip.readUInt16LE(extra);
    const length = zip.readUInt16LE(extra + 2);
    if (id === 0x0001) {
      const values = { field: extra + 4 };
      if (uncompressedSize === 0xffffffff) uncompressedSize = read64(zip, values);
      if (compressedSize === 0xffffffff) compressedSize = read64(zip, values);
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = read64(zip, values);
    }
    extra += 4 + length;
  }
  const mode = madeBy === UNIX ? (external >>> 16) & 0xffff : undefined;
  const name = safeName(rawName);
  const isDirectory = rawName.endsWith('/') || (mode !== undefined && (mode & S_IFMT) === S_IFDIR);
  return {
    entry: {
      name,
      isDirectory,
      isSymlink: mode !== undefined && (mode & S_IFMT) === S_IFLNK,
      mode: mode === undefined || mode === 0 ? undefined : mode,
      method,
      crc32: crc,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    },
    next,
  };
}

/** Reads the next 64-bit value of a Zip64 extra field and advances past it. */
function read64(zip: Buffer, cursor: { field: number }): number {
  if (cursor.field + 8 > zip.length) throw new ZipError('a Zip64 extra field is damaged');
  const value = safeNumber(zip.readBigUInt64LE(cursor.field));
  cursor.field += 8;
  return value;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('a Zip64 size is too large');
  return Number(value);
}

/** Refuses absolute paths and `..` segments (zip slip); normalises separators. */
function safeName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || parts.includes('..') || name.includes('\0')) {
    throw new ZipError(`unsafe path in the package: ${raw}`);
  }
  return parts.join('/');
}
