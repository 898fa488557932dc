/**
 * The path grammar shared by `{"Get": …}` references and `Std:JsonGet` paths (definition-spec §5.1.2):
 *
 *   path    := "Steps." stepName ( "." member | "[" index "]" )*
 *   index   := integer | "'" text "'" | '"' text '"'
 *
 * Step names cannot contain "." or "[", so the step name ends at the first of those.
 */

/** One step along a property path. */
export type PathSegment =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'key'; readonly key: string };

/** What a `{"Get": "…"}` refers to. */
export type GetReference =
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'execution'; readonly variable: string }
  | { readonly kind: 'step'; readonly step: string; readonly path: readonly PathSegment[] }
  | { readonly kind: 'experimentConfig'; readonly field: string };

/** A parse failure with a message a user can act on. */
export interface PathError {
  readonly error: string;
}

const MEMBER_CHAR = /[A-Za-z0-9_\-$]/;

/**
 * Parses the segments of a path. With `leadingMember` the text starts with a bare member name
 * (`a.b[0]`, as in `Std:JsonGet` paths); otherwise every member is introduced by a dot (`.a.b[0]`).
 */
export function parsePathSegments(text: string, leadingMember: boolean): PathSegment[] | PathError {
  const segments: PathSegment[] = [];
  let i = 0;
  // A JSON document may be an array, so a leading member is optional before an index (`[0].a`).
  let expectMember = leadingMember && !text.startsWith('[');
  while (i < text.length) {
    const ch = text[i];
    if (expectMember || ch === '.') {
      if (!expectMember) i++;
      expectMember = false;
      const start = i;
      while (i < text.length && MEMBER_CHAR.test(text[i] ?? '')) i++;
      if (i === start) return { error: `expected a member name at position ${start} of '${text}'` };
      segments.push({ kind: 'member', name: text.slice(start, i) });
    } else if (ch === '[') {
      const close = findClosingBracket(text, i);
      if (close < 0) return { error: `unclosed '[' at position ${i} of '${text}'` };
      const inner = text.slice(i + 1, close).trim();
      const quote = inner[0];
      if ((quote === "'" || quote === '"') && inner.length >= 2 && inner.endsWith(quote)) {
        segments.push({ kind: 'key', key: inner.slice(1, -1) });
      } else if (/^\d+$/.test(inner)) {
        segments.push({ kind: 'index', index: Number(inner) });
      } else {
        return { error: `index '[${inner}]' in '${text}' must be a number or a quoted name` };
      }
      i = close + 1;
    } else {
      return { error: `unexpected '${ch}' at position ${i} of '${text}'` };
    }
  }
  return segments;
}

function findClosingBracket(text: string, open: number): number {
  const quote = text[open + 1];
  if (quote === "'" || quote === '"') {
    const end = text.indexOf(quote + ']', open + 2);
    return end < 0 ? -1 : end + 1;
  }
  return text.indexOf(']', open);
}

/** Parses the string of a `{"Get": …}` expression. */
export function parseGetPath(path: string): GetReference | PathError {
  const dot = path.indexOf('.');
  const root = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  switch (root) {
    case 'Parameters':
      if (!/^[A-Za-z0-9\-_]+$/.test(rest)) return { error: `'${path}' does not name a parameter` };
      return { kind: 'parameter', name: rest };
    case 'Execution':
      if (!/^[A-Za-z]+$/.test(rest)) return { error: `'${path}' does not name an execution variable` };
      return { kind: 'execution', variable: rest };
    case 'PipelineExperimentConfig':
      if (!/^[A-Za-z]+$/.test(rest)) return { error: `'${path}' does not name an experiment config field` };
      return { kind: 'experimentConfig', field: rest };
    case 'Steps': {
      const end = rest.search(/[.[]/);
      const step = end < 0 ? rest : rest.slice(0, end);
      if (step === '') return { error: `'${path}' does not name a step` };
      if (end < 0) return { error: `'${path}' names step '${step}' but no property of it` };
      const segments = parsePathSegments(rest.slice(end), false);
      if ('error' in segments) return { error: `invalid property path '${path}': ${segments.error}` };
      return { kind: 'step', step, path: segments };
    }
    default:
      return {
        error: `'${path}' must start with Parameters., Execution., Steps. or PipelineExperimentConfig.`,
      };
  }
}

/** Renders segments back to text (`.A.B['x'][0]`), for messages. */
export function formatPathSegments(segments: readonly PathSegment[]): string {
  return segments
    .map((s) => (s.kind === 'member' ? `.${s.name}` : s.kind === 'index' ? `[${s.index}]` : `['${s.key}']`))
    .join('');
}
