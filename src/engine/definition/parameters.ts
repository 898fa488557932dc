/** `Parameters` of a definition (spec §2). */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { ProblemCollector } from './problems.js';
import { indexPath, memberPath } from './problems.js';
import { NAME_PATTERN } from './step-types.js';
import { didYouMean } from './suggest.js';
import type { ParameterDefinition, ParameterType } from './types.js';

const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'Integer', 'Float', 'Boolean'];
const PARAMETER_KEYS = ['Name', 'Type', 'DefaultValue', 'EnumValues', 'Description'];
/** SCHEMA limit on a parameter description. */
const MAX_PARAMETER_DESCRIPTION = 4096;

/**
 * Validates `Parameters` (absent means none). Returns every parameter whose name and type are usable — also when
 * other fields of it are wrong — so that references to it are not reported as undefined on top.
 */
export function parseParameters(value: JsonValue | undefined, problems: ProblemCollector): ParameterDefinition[] {
  if (value === undefined) return [];
  const path = '$.Parameters';
  if (!Array.isArray(value)) {
    problems.error(path, undefined, 'Parameters must be an array of parameter objects.');
    return [];
  }
  const parameters: ParameterDefinition[] = [];
  const seen = new Set<string>();
  value.forEach((item, index) => {
    const parameter = parseParameter(item, indexPath(path, index), problems);
    if (parameter === undefined) return;
    if (seen.has(parameter.name)) {
      problems.error(
        memberPath(indexPath(path, index), 'Name'),
        undefined,
        `Parameter '${parameter.name}' is declared more than once.`,
      );
      return;
    }
    seen.add(parameter.name);
    parameters.push(parameter);
  });
  return parameters;
}

function parseParameter(item: JsonValue, path: string, problems: ProblemCollector): ParameterDefinition | undefined {
  if (!isJsonObject(item)) {
    problems.error(path, undefined, 'A parameter must be an object with Name, Type and optionally DefaultValue.');
    return undefined;
  }
  for (const key of Object.keys(item)) {
    if (!PARAMETER_KEYS.includes(key)) {
      problems.error(
        memberPath(path, key),
        undefined,
        `Unknown parameter field '${key}'.`,
        didYouMean(key, PARAMETER_KEYS),
      );
    }
  }
  const name = item['Name'];
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    const message =
      typeof name === 'string'
        ? `Parameter name '${name}' is invalid: use 1-64 letters, digits, '-' or '_'.`
        : 'Parameter Name is required and must be a string.';
    problems.error(memberPath(path, 'Name'), undefined, message);
    if (typeof name !== 'string') return undefined;
  }
  const rawType = item['Type'] ?? 'String';
  if (typeof rawType !== 'string' || !(PARAMETER_TYPES as readonly string[]).includes(rawType)) {
    const hint = typeof rawType === 'string' ? didYouMean(rawType, PARAMETER_TYPES) : undefined;
    problems.error(
      memberPath(path, 'Type'),
      undefined,
      `Parameter '${name}' has invalid Type ${JSON.stringify(rawType)}: use String, Integer, Float or Boolean.`,
      hint,
    );
    return undefined;
  }
  const type = rawType as ParameterType;
  const parameter: { -readonly [K in keyof ParameterDefinition]: ParameterDefinition[K] } = { name, type };
  const enumValues = parseEnumValues(item['EnumValues'], type, name, memberPath(path, 'EnumValues'), problems);
  if (enumValues !== undefined) parameter.enumValues = enumValues;
  const defaultValue = item['DefaultValue'];
  if (defaultValue !== undefined && checkDefault(defaultValue, parameter, memberPath(path, 'DefaultValue'), problems)) {
    parameter.defaultValue = defaultValue as string | number | boolean;
  }
  const description = item['Description'];
  if (description !== undefined) {
    if (typeof description === 'string' && description.length <= MAX_PARAMETER_DESCRIPTION)
      parameter.description = description;
    else
      problems.error(
        memberPath(path, 'Description'),
        undefined,
        `Parameter Description must be a string of at most ${MAX_PARAMETER_DESCRIPTION} characters.`,
      );
  }
  return parameter;
}

function parseEnumValues(
  value: JsonValue | undefined,
  type: ParameterType,
  name: string,
  path: string,
  problems: ProblemCollector,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (type !== 'String') {
    problems.error(path, undefined, `EnumValues is only allowed on String parameters; '${name}' is ${type}.`);
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    problems.error(path, undefined, `EnumValues of parameter '${name}' must be a non-empty array of strings.`);
    return undefined;
  }
  return value;
}

/** JSON type the default of each parameter type must have, for messages. */
const EXPECTED_DEFAULT: Readonly<Record<ParameterType, string>> = {
  String: 'a string',
  Integer: 'an integer',
  Float: 'a number',
  Boolean: 'true or false',
};

function checkDefault(
  value: JsonValue,
  parameter: ParameterDefinition,
  path: string,
  problems: ProblemCollector,
): boolean {
  const { name, type } = parameter;
  const matches =
    (type === 'String' && typeof value === 'string') ||
    (type === 'Integer' && typeof value === 'number' && Number.isInteger(value)) ||
    (type === 'Float' && typeof value === 'number') ||
    (type === 'Boolean' && typeof value === 'boolean');
  if (!matches) {
    problems.error(
      path,
      undefined,
      `DefaultValue of ${type} parameter '${name}' must be ${EXPECTED_DEFAULT[type]}, not ${JSON.stringify(value)}.`,
    );
    return false;
  }
  if (parameter.enumValues !== undefined && !parameter.enumValues.includes(value as string)) {
    problems.error(
      path,
      undefined,
      `DefaultValue ${JSON.stringify(value)} of parameter '${name}' is not one of its EnumValues (${parameter.enumValues.map((v) => `'${v}'`).join(', ')}).`,
    );
    return false;
  }
  return true;
}
