/**
 * Checks a `{"Get": "Steps.X…"}` reference against step X (spec §5.1, §5.3, §7.4): X exists, is not the referring
 * step, is not a Fail step, and the property exists where X's property shape is synthetic (Condition, Callback,
 * Lambda, check steps) or declared in the definition (OutputParameters, PropertyFiles).
 */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { PathSegment } from '../expressions/property-path.js';
import { formatPathSegments } from '../expressions/property-path.js';
import type { StepDraft, StepIndex } from './collect-steps.js';
import type { ProblemCollector } from './problems.js';
import { didYouMean } from './suggest.js';

/** What the whole definition offers to references. */
export interface ReferenceTargets {
  readonly steps: StepIndex;
  readonly parameterNames: ReadonlySet<string>;
  /** `PipelineExperimentConfig` is explicitly null, so references to it have no value. */
  readonly experimentConfigDisabled: boolean;
  readonly problems: ProblemCollector;
}

/** Where the reference is written. */
export interface ReferenceSite {
  /** JSON path of the `Get` string. */
  readonly path: string;
  /** The step whose object contains the reference. */
  readonly owner: string;
  /** The Get is the PropertyFile of a `Std:JsonGet`. */
  readonly asPropertyFile: boolean;
  readonly targets: ReferenceTargets;
}

/** Synthetic property roots of the check steps (spec §10). */
const CHECK_STEP_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  QualityCheck: [
    'CalculatedBaselineStatistics',
    'CalculatedBaselineConstraints',
    'BaselineUsedForDriftCheckStatistics',
    'BaselineUsedForDriftCheckConstraints',
  ],
  ClarifyCheck: ['CalculatedBaselineConstraints', 'BaselineUsedForDriftCheckConstraints'],
};

/** Checks a reference to step `name`; true when it is a usable data dependency. */
export function checkStepReference(name: string, segments: readonly PathSegment[], site: ReferenceSite): boolean {
  const { problems, steps } = site.targets;
  const target = steps.byName.get(name);
  if (target === undefined) {
    problems.error(site.path, site.owner, `Step '${name}' is undefined.`, didYouMean(name, steps.byName.keys()));
    return false;
  }
  if (name === site.owner) {
    problems.error(site.path, site.owner, `Step '${name}' cannot reference its own properties.`);
    return false;
  }
  if (target.type === 'Fail') {
    problems.error(site.path, site.owner, `Step '${name}' is a Fail step: Fail steps have no properties to reference.`);
    return false;
  }
  const first = segments[0];
  if (first?.kind === 'member' && first.name === 'PropertyFiles') {
    if (!site.asPropertyFile) {
      problems.error(
        site.path,
        site.owner,
        `Steps.${name}.PropertyFiles… can only be used as the PropertyFile of a Std:JsonGet.`,
      );
      return true;
    }
    checkPropertyFileReference(target, name, segments, site);
    return true;
  }
  if (site.asPropertyFile) {
    problems.error(
      site.path,
      site.owner,
      `PropertyFile must reference a property file as "Steps.${name}.PropertyFiles.<Name>".`,
    );
    return true;
  }
  checkProperty(target, name, segments, site);
  return true;
}

function checkProperty(target: StepDraft, name: string, segments: readonly PathSegment[], site: ReferenceSite): void {
  const { problems } = site.targets;
  const first = segments[0];
  const written = `Steps.${name}${formatPathSegments(segments)}`;
  const type = target.type;
  if (type === 'Condition') {
    if (segments.length !== 1 || first?.kind !== 'member' || first.name !== 'Outcome') {
      problems.error(
        site.path,
        site.owner,
        `'${written}' does not exist: Condition step '${name}' has only the property Outcome.`,
      );
    }
  } else if (type === 'Callback' || type === 'Lambda') {
    checkOutputParameterReference(target, name, segments, site);
  } else if (type === 'QualityCheck' || type === 'ClarifyCheck') {
    const known = CHECK_STEP_PROPERTIES[type] ?? [];
    if (first?.kind !== 'member' || !known.includes(first.name)) {
      problems.warn(
        site.path,
        site.owner,
        `'${written}' is not a known property of ${type} step '${name}' (${known.join(', ')}).`,
      );
    }
  } else if (first?.kind === 'member' && first.name === 'OutputParameters') {
    problems.error(
      site.path,
      site.owner,
      `Step '${name}' is a ${type ?? 'step of unknown type'} step: only Callback and Lambda steps have OutputParameters.`,
    );
  }
}

function checkOutputParameterReference(
  target: StepDraft,
  name: string,
  segments: readonly PathSegment[],
  site: ReferenceSite,
): void {
  const { problems } = site.targets;
  const [first, second] = segments;
  if (first?.kind !== 'member' || first.name !== 'OutputParameters' || second?.kind !== 'key') {
    problems.error(
      site.path,
      site.owner,
      `${target.type ?? ''} step '${name}' has only output parameters: reference them as Steps.${name}.OutputParameters['<OutputName>'].`,
    );
    return;
  }
  if (segments.length > 2) {
    problems.error(site.path, site.owner, 'Output parameter values are scalars and cannot be indexed further.');
  }
  const declared = declaredNames(target.raw['OutputParameters'], 'OutputName');
  if (declared !== undefined && !declared.includes(second.key)) {
    problems.error(
      site.path,
      site.owner,
      `Output parameter '${second.key}' is not declared by step '${name}'.`,
      didYouMean(second.key, declared),
    );
  }
}

/**
 * `Steps.P.PropertyFiles.F` inside `Std:JsonGet` — the SDK's rules and messages (spec §5.3). Malformed parts of P are
 * reported at P itself, so they are skipped here.
 */
function checkPropertyFileReference(
  target: StepDraft,
  name: string,
  segments: readonly PathSegment[],
  site: ReferenceSite,
): void {
  const { problems } = site.targets;
  const file = segments[1];
  const fileName = file?.kind === 'member' ? file.name : file?.kind === 'key' ? file.key : undefined;
  if (segments.length !== 2 || fileName === undefined) {
    problems.error(site.path, site.owner, `Reference a property file as "Steps.${name}.PropertyFiles.<Name>".`);
    return;
  }
  if (target.type !== 'Processing') {
    problems.error(
      site.path,
      site.owner,
      `Invalid JsonGet function: JsonGet function (with property_file) can only be evaluated on processing step outputs; '${name}' is a ${target.type ?? 'step of unknown type'} step.`,
    );
    return;
  }
  const files = target.raw['PropertyFiles'];
  const declared = declaredNames(files, 'PropertyFileName');
  if (declared === undefined) return;
  if (!declared.includes(fileName)) {
    problems.error(
      site.path,
      site.owner,
      `Property file reference '${fileName}' is undefined in step '${name}'.`,
      didYouMean(fileName, declared),
    );
    return;
  }
  const outputName = findOutputName(files, fileName);
  const outputs = processingOutputNames(target.raw['Arguments']);
  if (outputName !== undefined && outputs !== undefined && !outputs.includes(outputName)) {
    problems.error(
      site.path,
      site.owner,
      `Processing output name '${outputName}' defined in property file '${fileName}' not found in processing step '${name}'.`,
      didYouMean(outputName, outputs),
    );
  }
}

/** The string `key` of every object in `list`, or undefined when `list` is not a list (reported elsewhere). */
function declaredNames(list: JsonValue | undefined, key: string): string[] | undefined {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((item) => {
    const value = isJsonObject(item) ? item[key] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

function findOutputName(files: JsonValue | undefined, fileName: string): string | undefined {
  if (!Array.isArray(files)) return undefined;
  const file = files.find((item) => isJsonObject(item) && item['PropertyFileName'] === fileName);
  const outputName = isJsonObject(file) ? file['OutputName'] : undefined;
  return typeof outputName === 'string' ? outputName : undefined;
}

/** `Arguments.ProcessingOutputConfig.Outputs[].OutputName`, or undefined when not literally written. */
function processingOutputNames(args: JsonValue | undefined): string[] | undefined {
  const config = isJsonObject(args) ? args['ProcessingOutputConfig'] : undefined;
  if (config === undefined) return [];
  const outputs = isJsonObject(config) ? config['Outputs'] : undefined;
  if (outputs === undefined && isJsonObject(config)) return [];
  return Array.isArray(outputs) ? declaredNames(outputs, 'OutputName') : undefined;
}
