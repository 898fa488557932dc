/**
 * Second pass, per step: the envelope (spec §3), the type-specific rules (step-kinds.ts) and the expressions, giving
 * a typed StepNode plus the steps it references.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { StepDraft } from './collect-steps.js';
import { indexPath, memberPath } from './problems.js';
import type { StepDetails } from './step-kinds.js';
import { validateStepKind } from './step-kinds.js';
import type { ReferenceTargets } from './step-references.js';
import type { FieldContext } from './step-settings.js';
import { parseCacheConfig, parseOutputParameters, parsePropertyFiles, parseRetryPolicies } from './step-settings.js';
import { STEP_TYPE_RULES, STEP_TYPES, allowedStepKeys } from './step-types.js';
import { didYouMean } from './suggest.js';
import type { StepNode, StepNodeBase, StepType } from './types.js';

/** API limit on `DisplayName`. */
const MAX_DISPLAY_NAME = 256;
/** API limit on `Description`. */
const MAX_DESCRIPTION = 3072;

/** A step after validation. */
export interface ValidatedStep {
  /** Undefined when the step has errors. */
  readonly node: StepNode | undefined;
  /** Valid `DependsOn` names, also when the step has other errors. */
  readonly dependsOn: readonly string[];
  /** Steps referenced by its expressions (data dependencies). */
  readonly references: ReadonlySet<string>;
}

/** Validates one collected step. */
export function validateStep(draft: StepDraft, targets: ReferenceTargets): ValidatedStep {
  const references = new Set<string>();
  const { type, name } = draft;
  if (type === undefined) return { node: undefined, dependsOn: [], references };
  const errorsBefore = targets.problems.errors.length;
  const ctx: FieldContext = { path: draft.path, step: name, problems: targets.problems };
  checkEnvelopeKeys(draft.raw, type, ctx);
  const base = parseBase(draft, type, ctx, targets);
  const args = parseArguments(draft.raw['Arguments'], type, ctx);
  const details =
    args === undefined
      ? undefined
      : validateStepKind({ draft, type, args, ctx, targets, scope: { step: name, references } });
  const ok = targets.problems.errors.length === errorsBefore;
  const dependsOn = base.dependsOn;
  if (!ok || name === undefined || args === undefined || details === undefined) {
    return { node: undefined, dependsOn, references };
  }
  return { node: assembleNode({ ...base, name, arguments: args }, details), dependsOn, references };
}

type BaseFields = Omit<StepNodeBase, 'name' | 'arguments'>;

function parseBase(draft: StepDraft, type: StepType, ctx: FieldContext, targets: ReferenceTargets): BaseFields {
  const raw = draft.raw;
  const base: { -readonly [K in keyof BaseFields]: BaseFields[K] } = {
    raw,
    path: draft.path,
    dependsOn: parseDependsOn(raw['DependsOn'], draft, targets),
    retryPolicies: [],
    propertyFiles: [],
    outputParameters: [],
  };
  if (draft.parent !== undefined) base.parent = draft.parent;
  const displayName = limitedString(raw, 'DisplayName', MAX_DISPLAY_NAME, ctx);
  if (displayName !== undefined) base.displayName = displayName;
  const description = limitedString(raw, 'Description', MAX_DESCRIPTION, ctx);
  if (description !== undefined) base.description = description;
  const rules = STEP_TYPE_RULES[type];
  const field = (key: string): [JsonValue | undefined, FieldContext] => [
    raw[key],
    { ...ctx, path: memberPath(draft.path, key) },
  ];
  const [cache, cacheCtx] = field('CacheConfig');
  if (rules.cacheConfig && cache !== undefined) {
    const settings = parseCacheConfig(cache, cacheCtx);
    if (settings !== undefined) base.cacheConfig = settings;
  }
  const [retry, retryCtx] = field('RetryPolicies');
  if (rules.retryPolicies && retry !== undefined) base.retryPolicies = parseRetryPolicies(retry, type, retryCtx) ?? [];
  const [files, filesCtx] = field('PropertyFiles');
  if (rules.propertyFiles && files !== undefined) base.propertyFiles = parsePropertyFiles(files, filesCtx) ?? [];
  const [outputs, outputsCtx] = field('OutputParameters');
  if (rules.extraKeys.includes('OutputParameters') && outputs !== undefined) {
    base.outputParameters = parseOutputParameters(outputs, outputsCtx) ?? [];
  }
  return base;
}

function checkEnvelopeKeys(raw: JsonObject, type: StepType, ctx: FieldContext): void {
  const allowed = allowedStepKeys(type);
  for (const key of Object.keys(raw)) {
    if (allowed.has(key)) continue;
    const supportedBy = STEP_TYPES.filter((other) => allowedStepKeys(other).has(key));
    const message =
      supportedBy.length > 0
        ? `${type} steps do not support ${key} (it is allowed on ${supportedBy.join(', ')} steps).`
        : `Unknown step field '${key}' in a ${type} step; allowed: ${[...allowed].join(', ')}.`;
    ctx.problems.error(
      memberPath(ctx.path, key),
      ctx.step,
      message,
      supportedBy.length > 0 ? undefined : didYouMean(key, allowed),
    );
  }
}

function limitedString(raw: JsonObject, key: string, max: number, ctx: FieldContext): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length <= max) return value;
  const what = typeof value === 'string' ? `is ${value.length} characters long` : 'is not a string';
  ctx.problems.error(
    memberPath(ctx.path, key),
    ctx.step,
    `${key} must be a string of at most ${max} characters; it ${what}.`,
  );
  return undefined;
}

function parseArguments(value: JsonValue | undefined, type: StepType, ctx: FieldContext): JsonObject | undefined {
  if (value === undefined) {
    if (STEP_TYPE_RULES[type].argumentsOptional) return {};
    ctx.problems.error(ctx.path, ctx.step, `Arguments is required for ${type} steps (an object, possibly {}).`);
    return undefined;
  }
  if (isJsonObject(value)) return value;
  ctx.problems.error(memberPath(ctx.path, 'Arguments'), ctx.step, 'Arguments must be an object.');
  return undefined;
}

/** DependsOn (spec §3, §7.4): existing steps, not itself, not a Fail step; deduplicated. */
function parseDependsOn(value: JsonValue | undefined, draft: StepDraft, targets: ReferenceTargets): string[] {
  if (value === undefined) return [];
  const { problems, steps } = targets;
  const path = memberPath(draft.path, 'DependsOn');
  if (!Array.isArray(value)) {
    problems.error(path, draft.name, 'DependsOn must be an array of step names.');
    return [];
  }
  const names: string[] = [];
  value.forEach((item, index) => {
    const itemPath = indexPath(path, index);
    if (typeof item !== 'string') {
      problems.error(
        itemPath,
        draft.name,
        `DependsOn entries must be step names (strings), not ${JSON.stringify(item)}.`,
      );
      return;
    }
    const target = steps.byName.get(item);
    if (target === undefined)
      problems.error(itemPath, draft.name, `Step '${item}' is undefined.`, didYouMean(item, steps.byName.keys()));
    else if (item === draft.name) problems.error(itemPath, draft.name, `Step '${item}' cannot depend on itself.`);
    else if (target.type === 'Fail')
      problems.error(
        itemPath,
        draft.name,
        `Step '${item}' is a Fail step: a Fail step ends the execution, so no step can depend on it.`,
      );
    else if (!names.includes(item)) names.push(item);
  });
  return names;
}

function assembleNode(base: StepNodeBase, details: StepDetails): StepNode {
  return { ...base, ...details };
}
