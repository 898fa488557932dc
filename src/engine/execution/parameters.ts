/**
 * Run-time parameters of StartPipelineExecution (api-spec §2.8, definition-spec §2): every value travels as a
 * string and is converted to the declared type; parameters not supplied take their defaults. Messages follow
 * the SDK's local executor, the only public wording.
 */
import type { ParameterDefinition, PipelineDefinition } from '../definition/types.js';

/** A parameter as the API lists it. */
export interface ParameterAssignment {
  readonly Name: string;
  readonly Value: string;
}

/** A parameter problem; the API answers it with ValidationException. */
export class ParameterError extends Error {}

/** The typed value of one parameter. */
export type ParameterValue = string | number | boolean;

/**
 * The effective parameters of a run, in definition order, as strings (what ListPipelineParametersForExecution
 * answers). Throws ParameterError for unknown names, wrong types, values outside EnumValues, empty values and
 * parameters with neither a value nor a default.
 */
export function effectiveParameters(
  definition: PipelineDefinition,
  supplied: readonly ParameterAssignment[],
): ParameterAssignment[] {
  const given = new Map<string, string>();
  for (const p of supplied) {
    if (!definition.parametersByName.has(p.Name)) throw new ParameterError(`Unknown parameter '${p.Name}'.`);
    if (given.has(p.Name)) throw new ParameterError(`Parameter '${p.Name}' is given more than once.`);
    given.set(p.Name, p.Value);
  }
  return definition.parameters.map((declared) => {
    const value = given.get(declared.name);
    if (value === undefined) {
      if (declared.defaultValue === undefined) throw new ParameterError(`Parameter '${declared.name}' is undefined.`);
      return { Name: declared.name, Value: renderDefault(declared) };
    }
    if (value === '') {
      throw new ParameterError(`Parameter ${declared.name} value "" is too short (length: 0, required minimum: 1).`);
    }
    parameterValue(declared, value);
    return { Name: declared.name, Value: value };
  });
}

/** A default as the string the API shows (a Float default 6.0 shows as "6.0", as the service prints it). */
function renderDefault(declared: ParameterDefinition): string {
  const value = declared.defaultValue;
  if (declared.type === 'Float' && typeof value === 'number' && Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

/** Converts a parameter's string value to its declared type, or throws ParameterError. */
export function parameterValue(declared: ParameterDefinition, text: string): ParameterValue {
  const mismatch = (): ParameterError =>
    new ParameterError(
      `Unexpected type for parameter '${declared.name}'. Expected ${declared.type} but found '${text}'.`,
    );
  switch (declared.type) {
    case 'String':
      if (declared.enumValues && !declared.enumValues.includes(text)) {
        throw new ParameterError(
          `Value '${text}' of parameter '${declared.name}' is not one of its EnumValues [${declared.enumValues.join(', ')}].`,
        );
      }
      return text;
    case 'Integer':
      if (!/^[+-]?\d+$/.test(text.trim())) throw mismatch();
      return Number(text);
    case 'Float': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw mismatch();
      return n;
    }
    case 'Boolean': {
      // The Python SDK sends str(True) = "True"; accept any case.
      const lower = text.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw mismatch();
      return lower === 'true';
    }
  }
}

/** The typed values of the stored effective parameters (already checked at start). */
export function typedParameters(
  definition: PipelineDefinition,
  effective: readonly ParameterAssignment[],
): Map<string, ParameterValue> {
  const out = new Map<string, ParameterValue>();
  for (const p of effective) {
    const declared = definition.parametersByName.get(p.Name);
    if (declared) out.set(p.Name, parameterValue(declared, p.Value));
  }
  return out;
}
