/** Definition fixtures: the shared real-world files and small builders. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared/definitions`, read in place. */
export const SHARED_DEFINITIONS_DIR = resolve(REPO_ROOT, '../shared/definitions');

/** Names of the complete definitions in ../shared/definitions (not the single steps). */
export function sharedDefinitionFiles(): string[] {
  return readdirSync(SHARED_DEFINITIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** The text of a shared definition. */
export function readSharedDefinition(file: string): string {
  return readFileSync(join(SHARED_DEFINITIONS_DIR, file), 'utf8');
}

/** A valid definition of `steps` Fail-free Condition steps, for tests that only need some definition. */
export function conditionDefinition(stepNames: string[] = ['Check']): string {
  return JSON.stringify({
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [{ Name: 'Threshold', Type: 'Integer', DefaultValue: 3 }],
    PipelineExperimentConfig: null,
    Steps: stepNames.map((name) => ({
      Name: name,
      Type: 'Condition',
      Arguments: {
        Conditions: [{ Type: 'GreaterThan', LeftValue: { Get: 'Parameters.Threshold' }, RightValue: 1 }],
        IfSteps: [],
        ElseSteps: [],
      },
    })),
  });
}

/** A role ARN the model accepts. */
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/SluiceTestRole';
