/**
 * SelectiveExecutionConfig (api-spec §6.9, definition-spec §8.7): only the selected steps run; steps upstream of
 * them that are not selected are copied from a source execution of the same pipeline; other steps do not run.
 * The selection must be connected: every step on a path between two selected steps is selected too.
 */
import type { PipelineDefinition } from '../definition/types.js';

/** A selection that cannot run. */
export class SelectionError extends Error {}

/** The non-selected steps whose results the selected ones need (their ancestors), in topological order. */
export function checkSelection(definition: PipelineDefinition, selected: readonly string[]): string[] {
  const unknown = selected.filter((name) => !definition.stepsByName.has(name));
  if (unknown.length > 0) {
    throw new SelectionError(`The selected steps [${unknown.join(', ')}] are not in the pipeline definition.`);
  }
  const chosen = new Set(selected);
  const ancestors = closure(chosen, definition.graph.dependencies);
  const descendants = closure(chosen, definition.graph.dependents);
  const gaps = definition.graph.topologicalOrder.filter(
    (n) => !chosen.has(n) && ancestors.has(n) && descendants.has(n),
  );
  if (gaps.length > 0) {
    throw new SelectionError(
      `The selected steps are not connected: [${gaps.join(', ')}] lie between selected steps and must be selected too.`,
    );
  }
  return definition.graph.topologicalOrder.filter((n) => !chosen.has(n) && ancestors.has(n));
}

/** Every step reachable from `start` (not included) along `edges`. */
function closure(start: ReadonlySet<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    for (const next of edges.get(stack.pop() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
