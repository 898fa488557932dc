/** tar.gz as SageMaker uses it: written here, read back here and by Python's tarfile. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractTar, tarGz } from '../../../src/runtimes/jobs/tar.js';

const LONG = `${'deep/'.repeat(40)}file.txt`;
const ENTRIES = [
  { path: 'model.json', data: Buffer.from('{"w": 1}') },
  { path: 'sub/dir/weights.bin', data: Buffer.from([0, 1, 2, 255]) },
  { path: `${'x'.repeat(120)}/y.txt`, data: Buffer.from('prefix split') },
  { path: LONG, data: Buffer.from('gnu long name') },
];

describe('tar.gz', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-tar-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips files, long names included', async () => {
    const out = join(dir, 'out');
    assert.equal(await extractTar(tarGz(ENTRIES), out), ENTRIES.length);
    for (const entry of ENTRIES) assert.deepEqual(readFileSync(join(out, entry.path)), entry.data);
  });

  it('writes archives Python reads', () => {
    const archive = join(dir, 'model.tar.gz');
    writeFileSync(archive, tarGz(ENTRIES));
    const script =
      'import sys, tarfile; print("\\n".join(sorted(m.name for m in tarfile.open(sys.argv[1]).getmembers())))';
    const names = execFileSync('python3', ['-c', script, archive], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(names, ENTRIES.map((e) => e.path).sort());
  });

  it('never writes outside the target folder', async () => {
    const evil = tarGz([{ path: '../escaped.txt', data: Buffer.from('no') }]);
    assert.equal(await extractTar(evil, join(dir, 'safe')), 0);
  });
});
