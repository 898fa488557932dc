/** Pipeline parameter values typed in a form: checked against their declared type before anything is sent. */
import type { ParameterInfo } from '../graph/model';

/** The text of a default value as a form shows it. */
export function defaultText(parameter: ParameterInfo): string {
  const value = parameter.defaultValue;
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Why `text` is not a value of `type`, or undefined when it is. */
export function valueProblem(type: string, text: string): string | undefined {
  switch (type) {
    case 'Integer':
      return /^[+-]?\d+$/.test(text.trim()) ? undefined : 'must be a whole number, like 42';
    case 'Float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : 'must be a number, like 0.5';
    case 'Boolean':
      return text === 'true' || text === 'false' ? undefined : 'must be true or false';
    default:
      return undefined;
  }
}
