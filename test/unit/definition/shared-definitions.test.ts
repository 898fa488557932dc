import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDefinition } from '../../../src/engine/definition/parse.js';
import { expectValid, jsonFiles, readJson, sharedDefinitionsDir, wrapStep } from './helpers.js';

const stepsDir = path.join(sharedDefinitionsDir, 'steps');

describe('shared example definitions', () => {
  it('finds the example folders', () => {
    assert.ok(jsonFiles(sharedDefinitionsDir).length >= 14);
    assert.ok(jsonFiles(stepsDir).length >= 14);
  });

  for (const file of jsonFiles(sharedDefinitionsDir)) {
    it(`accepts ${file} without warnings`, () => {
      const result = parseDefinition(readFileSync(path.join(sharedDefinitionsDir, file), 'utf8'));
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems, null, 2));
      assert.deepEqual(result.warnings, []);
      const raw = readJson(path.join(sharedDefinitionsDir, file));
      assert.equal(result.definition.topLevelSteps.length, (raw['Steps'] as unknown[]).length);
      assert.equal(result.definition.graph.topologicalOrder.length, result.definition.steps.length);
    });
  }

  for (const file of jsonFiles(stepsDir)) {
    it(`accepts steps/${file} wrapped in a minimal definition`, () => {
      const step = readJson(path.join(stepsDir, file));
      const definition = expectValid(wrapStep(step));
      const node = definition.stepsByName.get(step['Name'] as string);
      assert.ok(node);
      assert.equal(node.type, step['Type']);
      assert.deepEqual(node.raw, step);
    });
  }
});
