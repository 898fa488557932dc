/** Local S3: URIs to files, and downloads with SageMaker's S3Prefix semantics. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidS3UriError, joinS3Uri, LocalS3, parseS3Uri } from '../../../src/runtimes/s3/local-s3.js';

describe('local S3', () => {
  let root: string;
  let s3: LocalS3;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sluice-s3-'));
    s3 = new LocalS3(join(root, 's3'));
    s3.writeObject('s3://b/data/train.csv', 'train');
    s3.writeObject('s3://b/data/train-extra/part.csv', 'extra');
    s3.writeObject('s3://b/data/test.csv', 'test');
    s3.writeObject('s3://b/code/script.py', 'print(1)');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('parses and joins S3 URIs', () => {
    assert.deepEqual(parseS3Uri('s3://bucket/a/b.json'), { bucket: 'bucket', key: 'a/b.json' });
    assert.deepEqual(parseS3Uri('s3://bucket'), { bucket: 'bucket', key: '' });
    assert.equal(parseS3Uri('s3://.../x'), undefined);
    assert.equal(parseS3Uri('s3://b/../../etc/passwd'), undefined);
    assert.equal(parseS3Uri('https://b/k'), undefined);
    assert.equal(joinS3Uri('s3://b/p/', '/x/', 'y.json'), 's3://b/p/x/y.json');
  });

  it('maps objects to files under <root>/<bucket>/<key>', () => {
    assert.equal(readFileSync(join(root, 's3', 'b', 'data', 'train.csv'), 'utf8'), 'train');
    assert.equal(s3.readObject('s3://b/data/train.csv'), 'train');
    assert.equal(s3.readObject('s3://b/data'), undefined, 'a prefix is not an object');
    assert.equal(s3.readObject('s3://b/absent'), undefined);
    assert.equal(s3.readObject('not a uri'), undefined);
    assert.throws(() => s3.writeObject('s3://b/../x', 'no'), InvalidS3UriError);
  });

  it('downloads an object to <folder>/<base name>', async () => {
    const folder = join(root, 'dl-1');
    assert.equal(await s3.download('s3://b/code/script.py', folder), 1);
    assert.deepEqual(readdirSync(folder), ['script.py']);
  });

  it('downloads a folder prefix with the paths below it', async () => {
    const folder = join(root, 'dl-2');
    assert.equal(await s3.download('s3://b/data/', folder), 3);
    assert.deepEqual(readdirSync(folder).sort(), ['test.csv', 'train-extra', 'train.csv']);
  });

  it('downloads a partial prefix: every key starting with it', async () => {
    const folder = join(root, 'dl-3');
    assert.equal(await s3.download('s3://b/data/train', folder), 2);
    assert.deepEqual(readdirSync(folder).sort(), ['train-extra', 'train.csv']);
    assert.equal(await s3.download('s3://b/nothing/here', join(root, 'dl-4')), 0);
  });

  it('uploads a folder below a URI', async () => {
    const folder = join(root, 'up');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'sub', 'a.txt'), 'a');
    await s3.upload(folder, 's3://out/prefix');
    assert.equal(s3.readObject('s3://out/prefix/sub/a.txt'), 'a');
  });
});
