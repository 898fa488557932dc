/**
 * Checks the expressions (`Get`, `Std:Join`, `Std:JsonGet`, spec §5) inside a value and collects the steps they
 * reference, which become data dependencies (spec §7.2).
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import { asExpression } from '../expressions/expression.js';
import type { GetReference } from '../expressions/property-path.js';
import { parseGetPath, parsePathSegments } from '../expressions/property-path.js';
import { indexPath, memberPath } from './problems.js';
import type { ReferenceTargets } from './step-references.js';
import { checkStepReference } from './step-references.js';
import { didYouMean } from './suggest.js';

/** Execution variables a `Get` may read (spec §5.1.1). */
export const EXECUTION_VARIABLES: readonly string[] = [
  'PipelineExecutionId',
  'PipelineExecutionArn',
  'PipelineName',
  'PipelineArn',
  'StartDateTime',
  'CurrentDateTime',
  'TrainingJobName',
  'ProcessingJobName',
];

/** Fields of `PipelineExperimentConfig` a `Get` may read. */
const EXPERIMENT_CONFIG_FIELDS: readonly string[] = ['ExperimentName', 'TrialName'];

/** Where a value being scanned sits. */
export interface ScanScope {
  /** The step that owns the value, or undefined for pipeline-level config. */
  readonly step: string | undefined;
  /** What the pipeline-level value is, for messages (e.g. "PipelineExperimentConfig"). */
  readonly pipelineField?: string;
  /** Receives the names of the steps referenced. */
  readonly references: Set<string>;
}

/** Checks every expression inside `value` (at any depth) and records step references in `scope.references`. */
export function scanValue(value: JsonValue, path: string, scope: ScanScope, targets: ReferenceTargets): void {
  const expression = asExpression(value);
  if (expression !== undefined && isJsonObject(value)) {
    checkExpression(value, path, scope, targets);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => scanValue(item, indexPath(path, index), scope, targets));
  } else if (isJsonObject(value)) {
    for (const [key, member] of Object.entries(value)) scanValue(member, memberPath(path, key), scope, targets);
  }
}

function checkExpression(value: JsonObject, path: string, scope: ScanScope, targets: ReferenceTargets): void {
  if ('Get' in value) {
    checkGet(value['Get'] ?? null, memberPath(path, 'Get'), scope, targets, false);
  } else if ('Std:Join' in value) {
    checkJoin(value['Std:Join'] ?? null, memberPath(path, 'Std:Join'), scope, targets);
  } else {
    checkJsonGet(value['Std:JsonGet'] ?? null, memberPath(path, 'Std:JsonGet'), scope, targets);
  }
}

/**
 * Checks the path of a `Get`. With `asPropertyFile` the Get is the `PropertyFile` of a `Std:JsonGet`, the only place
 * a `Steps.X.PropertyFiles.F` handle may appear.
 */
function checkGet(
  body: JsonValue,
  path: string,
  scope: ScanScope,
  targets: ReferenceTargets,
  asPropertyFile: boolean,
): void {
  const { problems } = targets;
  if (typeof body !== 'string') {
    problems.error(
      path,
      scope.step,
      'Get must be a string path such as "Parameters.InputData" or "Steps.Train.ModelArtifacts.S3ModelArtifacts".',
    );
    return;
  }
  const reference = parseGetPath(body);
  if ('error' in reference) {
    problems.error(path, scope.step, `Invalid Get path: ${reference.error}.`);
    return;
  }
  if (asPropertyFile && reference.kind !== 'step') {
    problems.error(
      path,
      scope.step,
      `PropertyFile must reference a property file as "Steps.<ProcessingStep>.PropertyFiles.<Name>", not '${body}'.`,
    );
    return;
  }
  if (reference.kind !== 'step') {
    checkNonStepReference(reference, body, path, scope, targets);
  } else if (scope.step === undefined) {
    problems.error(
      path,
      undefined,
      `${scope.pipelineField ?? 'Pipeline-level configuration'} can only use literals, Parameters and Execution variables, not step properties ('${body}').`,
    );
  } else if (checkStepReference(reference.step, reference.path, { path, owner: scope.step, asPropertyFile, targets })) {
    scope.references.add(reference.step);
  }
}

/** `Parameters.X`, `Execution.X` and `PipelineExperimentConfig.X`. */
function checkNonStepReference(
  reference: Exclude<GetReference, { kind: 'step' }>,
  body: string,
  path: string,
  scope: ScanScope,
  targets: ReferenceTargets,
): void {
  const { problems } = targets;
  switch (reference.kind) {
    case 'parameter':
      if (!targets.parameterNames.has(reference.name)) {
        problems.error(
          path,
          scope.step,
          `Parameter '${reference.name}' is undefined: declare it in Parameters.`,
          didYouMean(reference.name, targets.parameterNames),
        );
      }
      return;
    case 'execution':
      checkExecutionVariable(reference.variable, path, scope, targets);
      return;
    case 'experimentConfig':
      if (!EXPERIMENT_CONFIG_FIELDS.includes(reference.field)) {
        problems.error(
          path,
          scope.step,
          `'${body}' is undefined; use PipelineExperimentConfig.ExperimentName or PipelineExperimentConfig.TrialName.`,
          didYouMean(reference.field, EXPERIMENT_CONFIG_FIELDS),
        );
      } else if (scope.pipelineField === 'PipelineExperimentConfig') {
        problems.error(path, scope.step, 'PipelineExperimentConfig cannot reference itself.');
      } else if (targets.experimentConfigDisabled) {
        problems.warn(path, scope.step, `'${body}' has no value: PipelineExperimentConfig is null (disabled).`);
      }
      return;
  }
}

/** Job-name variables only have a value in the step type that launches that job (spec §5.1.1). */
const JOB_NAME_VARIABLES: Readonly<Record<string, string>> = {
  TrainingJobName: 'Training',
  ProcessingJobName: 'Processing',
};

function checkExecutionVariable(variable: string, path: string, scope: ScanScope, targets: ReferenceTargets): void {
  if (!EXECUTION_VARIABLES.includes(variable)) {
    targets.problems.error(
      path,
      scope.step,
      `Execution variable '${variable}' is undefined; use one of ${EXECUTION_VARIABLES.join(', ')}.`,
      didYouMean(variable, EXECUTION_VARIABLES),
    );
    return;
  }
  const jobType = JOB_NAME_VARIABLES[variable];
  const stepType = scope.step === undefined ? undefined : targets.steps.byName.get(scope.step)?.type;
  if (jobType !== undefined && stepType !== jobType) {
    const where =
      scope.step === undefined
        ? (scope.pipelineField ?? 'pipeline-level configuration')
        : `a ${stepType ?? 'step of unknown type'} step`;
    targets.problems.warn(
      path,
      scope.step,
      `Execution.${variable} only has a value inside a ${jobType} step, not in ${where}.`,
    );
  }
}

function checkJoin(body: JsonValue, path: string, scope: ScanScope, targets: ReferenceTargets): void {
  const { problems } = targets;
  if (!isJsonObject(body)) {
    problems.error(path, scope.step, 'Std:Join must be an object like {"On": "/", "Values": [...]}.');
    return;
  }
  rejectUnknownKeys(body, ['On', 'Values'], 'Std:Join', path, scope, targets);
  const on = body['On'];
  if (on !== undefined && typeof on !== 'string')
    problems.error(memberPath(path, 'On'), scope.step, 'Std:Join On must be a string (the separator).');
  const values = body['Values'];
  const valuesPath = memberPath(path, 'Values');
  if (!Array.isArray(values)) {
    problems.error(
      valuesPath,
      scope.step,
      'Std:Join needs Values: an array of strings, numbers, booleans or expressions.',
    );
    return;
  }
  values.forEach((item, index) => {
    const itemPath = indexPath(valuesPath, index);
    if (asExpression(item) !== undefined) scanValue(item, itemPath, scope, targets);
    else if (item === null || typeof item === 'object') {
      problems.error(itemPath, scope.step, 'Std:Join Values items must be strings, numbers, booleans or expressions.');
    }
  });
}

function checkJsonGet(body: JsonValue, path: string, scope: ScanScope, targets: ReferenceTargets): void {
  const { problems } = targets;
  if (!isJsonObject(body)) {
    problems.error(path, scope.step, 'Std:JsonGet must be an object with Path and either PropertyFile or S3Uri.');
    return;
  }
  rejectUnknownKeys(body, ['PropertyFile', 'S3Uri', 'Path'], 'Std:JsonGet', path, scope, targets);
  const jsonPath = body['Path'];
  if (typeof jsonPath !== 'string' || jsonPath === '') {
    problems.error(
      memberPath(path, 'Path'),
      scope.step,
      'Std:JsonGet needs Path: a non-empty string such as "regression_metrics.mse.value".',
    );
  } else {
    const segments = parsePathSegments(jsonPath, true);
    if ('error' in segments)
      problems.error(memberPath(path, 'Path'), scope.step, `Invalid json path '${jsonPath}': ${segments.error}.`);
  }
  const propertyFile = body['PropertyFile'];
  const s3Uri = body['S3Uri'];
  if ((propertyFile === undefined) === (s3Uri === undefined)) {
    problems.error(path, scope.step, 'Std:JsonGet needs exactly one of PropertyFile and S3Uri.');
  } else if (propertyFile !== undefined) {
    const propertyFilePath = memberPath(path, 'PropertyFile');
    const expression = asExpression(propertyFile);
    if (expression?.kind === 'get' && isJsonObject(propertyFile)) {
      checkGet(propertyFile['Get'] ?? null, memberPath(propertyFilePath, 'Get'), scope, targets, true);
    } else {
      problems.error(
        propertyFilePath,
        scope.step,
        'PropertyFile must be {"Get": "Steps.<ProcessingStep>.PropertyFiles.<Name>"}.',
      );
    }
  } else if (s3Uri !== undefined) {
    const s3UriPath = memberPath(path, 'S3Uri');
    if (typeof s3Uri === 'string' || asExpression(s3Uri) !== undefined) scanValue(s3Uri, s3UriPath, scope, targets);
    else problems.error(s3UriPath, scope.step, 'S3Uri must be a string or an expression (usually a Std:Join).');
  }
}

function rejectUnknownKeys(
  body: JsonObject,
  allowed: readonly string[],
  what: string,
  path: string,
  scope: ScanScope,
  targets: ReferenceTargets,
): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      targets.problems.error(
        memberPath(path, key),
        scope.step,
        `Unknown ${what} field '${key}'; allowed: ${allowed.join(', ')}.`,
        didYouMean(key, allowed),
      );
    }
  }
}
