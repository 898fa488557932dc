/**
 * Checks a deployment package before it is stored: a readable zip (every entry inflates and passes its CRC), not
 * larger than Lambda allows unpacked, and holding the handler's file. Lambda itself finds a missing handler only
 * at the first invocation; Sluice refuses it up front, naming the file it looked for.
 */
import { createHash } from 'node:crypto';
import type { RuntimeFamily } from '../../runtimes/lambda/runtimes.js';
import { handlerLocation } from '../../runtimes/lambda/runtimes.js';
import type { ZipEntry } from '../../runtimes/lambda/zip-reader.js';
import { readZipEntries, readZipEntry, unzippedSize, ZipError } from '../../runtimes/lambda/zip-reader.js';
import { InvalidParameterValueException } from '../../api/lambda/errors.js';
import { LIMITS, messages } from './messages.js';

/** A checked package. */
export interface CodePackage {
  readonly zip: Buffer;
  /** Base64 SHA-256, as Lambda reports CodeSha256. */
  readonly sha256: string;
  readonly entries: readonly ZipEntry[];
}

/** Decodes and checks `Code.ZipFile` (base64). */
export function readCodePackage(zipFileBase64: string): CodePackage {
  const zip = Buffer.from(zipFileBase64, 'base64');
  let entries: ZipEntry[];
  try {
    entries = readZipEntries(zip);
    if (unzippedSize(entries) >= LIMITS.unzippedBytes) {
      throw new InvalidParameterValueException(messages.unzippedTooLarge());
    }
    for (const entry of entries) if (!entry.isDirectory && !entry.isSymlink) readZipEntry(zip, entry);
  } catch (error) {
    if (error instanceof ZipError) throw new InvalidParameterValueException(messages.couldNotUnzip());
    throw error;
  }
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), entries };
}

/** Refuses a handler without a function part, or whose file the package lacks. */
export function requireHandlerFile(
  entries: readonly ZipEntry[],
  family: RuntimeFamily,
  runtime: string,
  handler: string,
): void {
  const location = handlerLocation(family, handler);
  if (location === undefined) throw new InvalidParameterValueException(messages.malformedHandler(handler, runtime));
  const files = new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name));
  if (!location.candidates.some((c) => files.has(c))) {
    throw new InvalidParameterValueException(messages.handlerFileMissing(handler, location.candidates));
  }
}
