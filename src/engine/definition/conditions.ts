/**
 * Conditions of a Condition step (spec §6). The SDK's shapes are accepted as they are; the SCHEMA-only spellings
 * (`NotEquals`, `NotIn`, `In` with `Value`/`In`) are accepted too, normalised to Not/In, with a warning that the
 * SDK never writes them (whether the service accepts them is open, spec §14.4).
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import { asExpression } from '../expressions/expression.js';
import { indexPath, memberPath } from './problems.js';
import type { ReferenceTargets } from './step-references.js';
import { didYouMean } from './suggest.js';
import type { ComparisonOperator, ConditionNode } from './types.js';
import type { ScanScope } from './validate-expressions.js';
import { scanValue } from './validate-expressions.js';

const COMPARISONS: readonly ComparisonOperator[] = [
  'Equals',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LessThan',
  'LessThanOrEqualTo',
];
/** Every condition Type accepted, for suggestions. */
const CONDITION_TYPES: readonly string[] = [...COMPARISONS, 'NotEquals', 'In', 'NotIn', 'Not', 'Or'];

interface ConditionSite {
  readonly path: string;
  readonly scope: ScanScope;
  readonly targets: ReferenceTargets;
}

/** Parses a list of conditions (a Condition step's `Conditions`, or an `Or`'s); undefined when any is invalid. */
export function parseConditionList(
  value: JsonValue | undefined,
  site: ConditionSite,
  what: string,
): ConditionNode[] | undefined {
  if (!Array.isArray(value)) {
    site.targets.problems.error(site.path, site.scope.step, `${what} must be an array of conditions.`);
    return undefined;
  }
  const nodes: ConditionNode[] = [];
  let ok = true;
  value.forEach((item, index) => {
    const node = parseCondition(item, { ...site, path: indexPath(site.path, index) });
    if (node === undefined) ok = false;
    else nodes.push(node);
  });
  return ok ? nodes : undefined;
}

/** Parses one condition. */
export function parseCondition(value: JsonValue, site: ConditionSite): ConditionNode | undefined {
  const { problems } = site.targets;
  if (!isJsonObject(value)) {
    problems.error(
      site.path,
      site.scope.step,
      'A condition must be an object with a Type, e.g. {"Type": "Equals", "LeftValue": …, "RightValue": …}.',
    );
    return undefined;
  }
  const type = value['Type'];
  if (typeof type !== 'string') {
    problems.error(
      memberPath(site.path, 'Type'),
      site.scope.step,
      `Condition Type is required: one of ${CONDITION_TYPES.join(', ')}.`,
    );
    return undefined;
  }
  if ((COMPARISONS as readonly string[]).includes(type))
    return parseComparison(value, type as ComparisonOperator, site);
  switch (type) {
    case 'NotEquals': {
      schemaSpellingWarning(site, "'NotEquals'", '{"Type": "Not", "Condition": {"Type": "Equals", …}}');
      const equals = parseComparison(value, 'Equals', site);
      return equals === undefined ? undefined : { kind: 'not', condition: equals };
    }
    case 'In':
      return parseIn(value, site);
    case 'NotIn': {
      schemaSpellingWarning(site, "'NotIn'", '{"Type": "Not", "Condition": {"Type": "In", …}}');
      const inNode = parseIn(value, site);
      return inNode === undefined ? undefined : { kind: 'not', condition: inNode };
    }
    case 'Not': {
      if (!checkKeys(value, ['Type', 'Condition'], site)) return undefined;
      const inner = parseCondition(value['Condition'] ?? null, { ...site, path: memberPath(site.path, 'Condition') });
      return inner === undefined ? undefined : { kind: 'not', condition: inner };
    }
    case 'Or':
      return parseOr(value, site);
    default:
      problems.error(
        memberPath(site.path, 'Type'),
        site.scope.step,
        `Condition of type [${type}] is not supported.`,
        didYouMean(type, CONDITION_TYPES),
      );
      return undefined;
  }
}

function parseComparison(
  value: JsonObject,
  operator: ComparisonOperator,
  site: ConditionSite,
): ConditionNode | undefined {
  const keysOk = checkKeys(value, ['Type', 'LeftValue', 'RightValue'], site);
  const left = parseOperand(value, 'LeftValue', site);
  const right = parseOperand(value, 'RightValue', site);
  if (!keysOk || left === undefined || right === undefined) return undefined;
  return { kind: 'comparison', operator, left, right };
}

/** `In` in the SDK's spelling `{QueryValue, Values}` or SCHEMA's `{Value, In}`. */
function parseIn(value: JsonObject, site: ConditionSite): ConditionNode | undefined {
  const schemaSpelling =
    value['QueryValue'] === undefined &&
    value['Values'] === undefined &&
    (value['Value'] !== undefined || value['In'] !== undefined);
  const [queryKey, valuesKey] = schemaSpelling ? ['Value', 'In'] : ['QueryValue', 'Values'];
  if (schemaSpelling) schemaSpellingWarning(site, `'${queryKey}'/'${valuesKey}'`, '{"QueryValue": …, "Values": [...]}');
  const keysOk = checkKeys(value, ['Type', queryKey, valuesKey], site);
  const query = parseOperand(value, queryKey, site);
  const list = value[valuesKey];
  const listPath = memberPath(site.path, valuesKey);
  if (!Array.isArray(list)) {
    site.targets.problems.error(
      listPath,
      site.scope.step,
      `${valuesKey} of an In condition must be an array of values.`,
    );
    return undefined;
  }
  let itemsOk = true;
  list.forEach((item, index) => {
    if (!checkOperandValue(item, indexPath(listPath, index), site)) itemsOk = false;
  });
  if (!keysOk || query === undefined || !itemsOk) return undefined;
  return { kind: 'in', query, values: list };
}

function parseOr(value: JsonObject, site: ConditionSite): ConditionNode | undefined {
  const keysOk = checkKeys(value, ['Type', 'Conditions'], site);
  const listSite = { ...site, path: memberPath(site.path, 'Conditions') };
  const conditions = parseConditionList(value['Conditions'], listSite, 'Conditions of an Or condition');
  if (conditions === undefined || !keysOk) return undefined;
  if (conditions.length === 0) {
    site.targets.problems.error(listSite.path, site.scope.step, 'An Or condition needs at least one condition.');
    return undefined;
  }
  return { kind: 'or', conditions };
}

function parseOperand(value: JsonObject, key: string, site: ConditionSite): JsonValue | undefined {
  const operand = value[key];
  const path = memberPath(site.path, key);
  if (operand === undefined) {
    site.targets.problems.error(path, site.scope.step, `${key} is required in a ${conditionType(value)} condition.`);
    return undefined;
  }
  return checkOperandValue(operand, path, site) ? operand : undefined;
}

/** An operand is a literal scalar (or null) or an expression; its expressions are checked and scanned. */
function checkOperandValue(operand: JsonValue, path: string, site: ConditionSite): boolean {
  if (asExpression(operand) === undefined && operand !== null && typeof operand === 'object') {
    site.targets.problems.error(
      path,
      site.scope.step,
      'A condition operand must be a string, number, boolean or an expression (Get, Std:Join, Std:JsonGet).',
    );
    return false;
  }
  const errorsBefore = site.targets.problems.errors.length;
  scanValue(operand, path, site.scope, site.targets);
  return site.targets.problems.errors.length === errorsBefore;
}

function checkKeys(value: JsonObject, allowed: readonly string[], site: ConditionSite): boolean {
  let ok = true;
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    ok = false;
    const type = conditionType(value);
    site.targets.problems.error(
      memberPath(site.path, key),
      site.scope.step,
      `Unknown field '${key}' in a ${type} condition; allowed: ${allowed.join(', ')}.`,
      didYouMean(key, allowed),
    );
  }
  return ok;
}

function schemaSpellingWarning(site: ConditionSite, what: string, sdkForm: string): void {
  site.targets.problems.warn(
    site.path,
    site.scope.step,
    `${what} is the JSON schema's spelling, which the SageMaker SDK never writes and AWS may reject; prefer ${sdkForm}.`,
  );
}

function conditionType(value: JsonObject): string {
  const type = value['Type'];
  return typeof type === 'string' ? type : 'condition';
}
