/** The deployment-package reader: what it accepts, what it refuses, and how it unpacks. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  readZipEntries,
  readZipEntry,
  unpackZip,
  unzippedSize,
  ZipError,
} from '../../../src/runtimes/lambda/zip-reader.js';
import { makeZip } from '../../support/zip.js';

const scratch = mkdtempSync(join(tmpdir(), 'sluice-zip-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('zip reader', () => {
  it('lists and reads deflated and stored entries', () => {
    for (const store of [false, true]) {
      const zip = makeZip({ 'app.py': 'print(1)\n', 'pkg/mod.py': 'x = 2\n'.repeat(100) }, store);
      const entries = readZipEntries(zip);
      assert.deepEqual(
        entries.map((e) => e.name),
        ['app.py', 'pkg/mod.py'],
      );
      assert.equal(readZipEntry(zip, entries[1]!).toString(), 'x = 2\n'.repeat(100));
      assert.equal(unzippedSize(entries), 9 + 600);
    }
  });

  it('refuses what is not a zip', () => {
    for (const bytes of [Buffer.from('not a zip at all'), Buffer.alloc(0), Buffer.alloc(100, 0x50)]) {
      assert.throws(() => readZipEntries(bytes), ZipError);
    }
  });

  it('finds damaged data by its CRC or its size', () => {
    const zip = makeZip({ 'a.txt': 'hello world' }, true);
    const damaged = Buffer.from(zip);
    damaged[30 + 'a.txt'.length] = 'H'.charCodeAt(0); // first byte of the stored data
    const entry = readZipEntries(damaged)[0]!;
    assert.throws(() => readZipEntry(damaged, entry), /CRC/);
    const truncated = Buffer.concat([zip.subarray(0, 40), zip.subarray(zip.length - 22 - 51)]);
    assert.throws(() => readZipEntries(truncated), ZipError);
  });

  it('refuses paths that would leave the folder', () => {
    for (const name of ['../evil.py', '/etc/passwd', 'a/../../b', 'C:/x']) {
      assert.throws(() => readZipEntries(makeZip({ [name]: 'x' })), /unsafe path/, name);
    }
  });

  it('unpacks atomically, keeping execute bits, and leaves an existing folder alone', () => {
    const zip = makeZip([
      { name: 'bin/run.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: 'index.mjs', content: 'export const handler = () => 1;\n' },
    ]);
    const dir = join(scratch, 'fn', 'abc');
    unpackZip(zip, dir);
    assert.equal(readFileSync(join(dir, 'index.mjs'), 'utf8'), 'export const handler = () => 1;\n');
    assert.equal(statSync(join(dir, 'bin/run.sh')).mode & 0o777, 0o755);
    unpackZip(makeZip({ 'other.txt': 'x' }), dir); // a second unpack of the same folder loses the race quietly
    assert.equal(existsSync(join(dir, 'other.txt')), false);
  });
});
