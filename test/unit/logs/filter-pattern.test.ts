/** CloudWatch Logs filter patterns (the term subset) and the splitting of output into log lines. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter, MAX_LOG_MESSAGE_CHARS, splitLogLines } from '../../../src/runtimes/log-lines.js';
import { compileFilterPattern } from '../../../src/services/logs/filter-pattern.js';

describe('filter patterns', () => {
  const matching = (pattern: string, messages: string[]) => messages.filter(compileFilterPattern(pattern));
  const messages = ['ERROR timeout', 'ERROR disk full', 'WARN timeout', 'all good', 'error lower case'];

  it('matches every event with an empty pattern', () => {
    assert.deepEqual(matching('', messages), messages);
    assert.deepEqual(matching('  ""  ', messages), messages);
  });

  it('needs every plain term, case-sensitively', () => {
    assert.deepEqual(matching('ERROR', messages), ['ERROR timeout', 'ERROR disk full']);
    assert.deepEqual(matching('ERROR timeout', messages), ['ERROR timeout']);
  });

  it('matches a quoted phrase as written, with escaped quotes', () => {
    assert.deepEqual(matching('"disk full"', messages), ['ERROR disk full']);
    assert.deepEqual(matching('"full ERROR"', messages), []);
    assert.deepEqual(['say "hi"', 'say hi'].filter(compileFilterPattern('"say \\"hi\\""')), ['say "hi"']);
  });

  it('needs one of the ?terms and none of the -terms', () => {
    assert.deepEqual(matching('?ERROR ?WARN', messages), ['ERROR timeout', 'ERROR disk full', 'WARN timeout']);
    assert.deepEqual(matching('timeout -WARN', messages), ['ERROR timeout']);
    assert.deepEqual(matching('-ERROR -WARN', messages), ['all good', 'error lower case']);
  });

  it('refuses the patterns it does not support, saying so', () => {
    for (const pattern of ['{ $.level = "error" }', '[ip, user]', '%ERROR%', '"open']) {
      assert.throws(
        () => compileFilterPattern(pattern),
        (error: Error) => error.name === 'InvalidParameterException',
        pattern,
      );
    }
  });
});

describe('log lines', () => {
  it('splits text into lines without their breaks or a final empty line', () => {
    assert.deepEqual(splitLogLines('a\r\nb\n\nc\n'), ['a', 'b', '', 'c']);
    assert.deepEqual(splitLogLines(''), []);
  });

  it('joins chunks into lines, UTF-8 across chunk boundaries, and emits the last partial line at the end', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from('héllo\nwor');
    splitter.push(bytes.subarray(0, 2)); // cuts 'é' in half
    splitter.push(bytes.subarray(2));
    splitter.push(Buffer.from('ld\r\nlast'));
    splitter.end();
    assert.deepEqual(lines, ['héllo', 'world', 'last']);
  });

  it('cuts a line longer than an event may be', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('x'.repeat(MAX_LOG_MESSAGE_CHARS + 10)));
    splitter.end();
    assert.deepEqual(
      lines.map((l) => l.length),
      [MAX_LOG_MESSAGE_CHARS, 10],
    );
  });
});
