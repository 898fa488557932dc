import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runValidate } from '../../../src/cli/commands/validate.js';
import { makeDefinition, makeTrainingStep, sharedDefinitionsDir } from './helpers.js';

interface Captured {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly code: number;
}

async function run(files: string[]): Promise<Captured> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runValidate(files, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { stdout, stderr, code };
}

describe('sluice validate', () => {
  let dir = '';
  const file = (name: string): string => path.join(dir, name);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sluice-validate-'));
    writeFileSync(
      file('good.json'),
      JSON.stringify(
        makeDefinition(
          [makeTrainingStep('Train'), makeTrainingStep('Eval', { DependsOn: ['Train'] })],
          [{ Name: 'P', Type: 'String' }],
        ),
      ),
    );
    writeFileSync(
      file('typo.json'),
      JSON.stringify(makeDefinition([makeTrainingStep('Train'), makeTrainingStep('Eval', { DependsOn: ['Trian'] })])),
    );
    writeFileSync(file('broken.json'), '{\n  "Version": "2020-12-01",\n  "Steps": [\n');
    writeFileSync(
      file('warn.json'),
      JSON.stringify(
        makeDefinition([
          {
            Name: 'C',
            Type: 'Condition',
            Arguments: {
              Conditions: [],
              IfSteps: [makeTrainingStep('Yes')],
              ElseSteps: [makeTrainingStep('No', { DependsOn: ['Yes'] })],
            },
          },
        ]),
      ),
    );
    writeFileSync(file('bom.json'), '\uFEFF' + JSON.stringify(makeDefinition([makeTrainingStep('A')])));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a valid file with its step and parameter counts', async () => {
    const result = await run([file('good.json')]);
    assert.deepEqual(result, { stdout: [`${file('good.json')}: valid (2 steps, 1 parameter)`], stderr: [], code: 0 });
  });

  it('prints one line per problem with path, step and suggestion, and exits 1', async () => {
    const result = await run([file('typo.json')]);
    assert.deepEqual(result.stdout, [
      `${file('typo.json')}: $.Steps[1].DependsOn[0] (step 'Eval'): Step 'Trian' is undefined. Did you mean 'Train'?`,
    ]);
    assert.equal(result.code, 1);
  });

  it('explains a JSON syntax error with its position', async () => {
    const result = await run([file('broken.json')]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout[0] ?? '',
      /broken\.json: \$: Unable to parse pipeline definition\. Unexpected end of input, expected a value at line 4, column 1\.$/,
    );
  });

  it('prints warnings of a valid file and still exits 0', async () => {
    const result = await run([file('warn.json')]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout[0], `${file('warn.json')}: valid (3 steps, 0 parameters)`);
    assert.match(
      result.stdout[1] ?? '',
      /warn\.json: warning: \$\.Steps\[0\]\.Arguments\.ElseSteps\[0\] \(step 'No'\): Step 'No' can never run/,
    );
  });

  it('ignores a byte order mark', async () => {
    assert.equal((await run([file('bom.json')])).code, 0);
  });

  it('checks every file and exits 1 when any is invalid', async () => {
    const result = await run([file('good.json'), file('typo.json'), file('bom.json')]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout.length, 3);
  });

  it('exits 2 without files', async () => {
    const result = await run([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr[0] ?? '', /no files given/);
  });

  it('exits 2 on an unreadable file, after checking the others', async () => {
    const result = await run([file('missing.json'), file('good.json')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr[0] ?? '', /missing\.json: cannot read the file: ENOENT/);
    assert.equal(result.stdout.length, 1);
  });

  it('exits 2 on an unknown option', async () => {
    const result = await run(['--strict', file('good.json')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr[0] ?? '', /unknown option '--strict'/);
  });

  it('accepts the shared example definitions', async () => {
    const result = await run([path.join(sharedDefinitionsDir, 'ex-abalone-train-eval-condition-fail.json')]);
    assert.equal(result.code, 0);
    assert.match(result.stdout[0] ?? '', /: valid \(8 steps, 6 parameters\)$/);
  });
});
