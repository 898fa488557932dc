/** The pieces that keep a worker's output and answers bounded: TailBuffer, MarkerSplitter, FrameReader. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, FrameReader, type Frame } from '../../../src/runtimes/lambda/frames.js';
import { MarkerSplitter } from '../../../src/runtimes/lambda/marker-splitter.js';
import { TailBuffer } from '../../../src/runtimes/lambda/tail-buffer.js';

describe('TailBuffer', () => {
  it('keeps only the last bytes written', () => {
    const tail = new TailBuffer(10);
    tail.write(Buffer.from('0123456789'));
    tail.write(Buffer.from('abc'));
    assert.equal(tail.bytes().toString(), '3456789abc');
    tail.write(Buffer.from('x'.repeat(50) + 'END'));
    assert.equal(tail.bytes().toString(), 'xxxxxxxEND');
    assert.equal(tail.total, 66);
    assert.equal(tail.truncated, true);
  });
});

describe('MarkerSplitter', () => {
  const marker = Buffer.from('\0M-123\0');
  const split = (chunks: string[]): string[] => {
    const phases: string[] = [];
    const splitter = new MarkerSplitter(
      marker,
      (phase, chunk) => (phases[phase] = (phases[phase] ?? '') + chunk.toString()),
      () => undefined,
    );
    for (const chunk of chunks) splitter.push(Buffer.from(chunk));
    splitter.end();
    return phases;
  };

  it('splits output into phases at each marker', () => {
    assert.deepEqual(split(['init\n\0M-123\0out 1\n\0M-123\0', 'out 2']), ['init\n', 'out 1\n', 'out 2']);
  });

  it('finds a marker split across chunks, one byte at a time', () => {
    const text = 'a\0M-12\0b\0M-123\0c';
    assert.deepEqual(split([...text]), ['a\0M-12\0b', 'c']);
  });

  it('holds nothing back when no marker can start', () => {
    const seen: string[] = [];
    const splitter = new MarkerSplitter(
      marker,
      (_phase, chunk) => seen.push(chunk.toString()),
      () => undefined,
    );
    splitter.push(Buffer.from('plain output\n'));
    assert.deepEqual(seen, ['plain output\n']);
  });
});

describe('FrameReader', () => {
  it('reassembles frames from arbitrary chunks', () => {
    const frames: Frame[] = [];
    const reader = new FrameReader(100, (f) => frames.push(f));
    const bytes = Buffer.concat([
      encodeFrame({ type: 'result' }, Buffer.from('{"a":1}')),
      encodeFrame({ type: 'ready' }, Buffer.alloc(0)),
    ]);
    for (const byte of bytes) reader.push(Buffer.from([byte]));
    assert.deepEqual(
      frames.map((f) => [f.header.type, f.payload?.toString()]),
      [
        ['result', '{"a":1}'],
        ['ready', ''],
      ],
    );
  });

  it('skips an oversized payload without keeping it and goes on with the next frame', () => {
    const frames: Frame[] = [];
    const reader = new FrameReader(10, (f) => frames.push(f));
    const big = encodeFrame({ type: 'result' }, Buffer.alloc(1000, 1));
    reader.push(big.subarray(0, 500));
    reader.push(Buffer.concat([big.subarray(500), encodeFrame({ type: 'result' }, Buffer.from('ok'))]));
    assert.equal(frames.length, 2);
    assert.equal(frames[0]?.payload, undefined);
    assert.equal(frames[0]?.payloadLength, 1000);
    assert.equal(frames[1]?.payload?.toString(), 'ok');
  });
});
