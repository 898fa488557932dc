/**
 * The step dependency graph (spec §7.2): explicit DependsOn, data references, and branch edges (a step listed
 * directly in a Condition's IfSteps/ElseSteps depends on that Condition). Cycles are errors (spec §7.4).
 */
import { warnUnreachableSteps } from './branch-reachability.js';
import type { ProblemCollector } from './problems.js';
import type { BranchPosition, DependencyEdge, DependencyGraph, DependencyKind } from './types.js';

/** What the graph needs to know about one step. */
export interface GraphStep {
  readonly name: string;
  readonly path: string;
  /** Validated DependsOn names. */
  readonly dependsOn: readonly string[];
  /** Steps referenced by its expressions. */
  readonly references: ReadonlySet<string>;
  readonly parent: BranchPosition | undefined;
}

const KIND_ORDER: readonly DependencyKind[] = ['explicit', 'data', 'branch'];
const KIND_LABEL: Readonly<Record<DependencyKind, string>> = {
  explicit: 'DependsOn',
  data: 'property reference',
  branch: 'branch step of the Condition',
};

/** Builds the graph; undefined (with an error per cycle) when it is cyclic. */
export function buildGraph(steps: readonly GraphStep[], problems: ProblemCollector): DependencyGraph | undefined {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const edgeKinds = collectEdges(steps, byName);
  const dependencies = new Map<string, ReadonlySet<string>>();
  const dependents = new Map<string, Set<string>>(steps.map((step) => [step.name, new Set<string>()]));
  const edges: DependencyEdge[] = [];
  for (const step of steps) {
    const kindsByDependency = edgeKinds.get(step.name) ?? new Map<string, Set<DependencyKind>>();
    dependencies.set(step.name, new Set(kindsByDependency.keys()));
    for (const [dependency, kinds] of kindsByDependency) {
      dependents.get(dependency)?.add(step.name);
      edges.push({ step: step.name, dependsOn: dependency, kinds: KIND_ORDER.filter((kind) => kinds.has(kind)) });
    }
  }
  const cycles = findCycles(steps, dependencies);
  for (const cycle of cycles) reportCycle(cycle, byName, edgeKinds, problems);
  if (cycles.length > 0) return undefined;
  const order = topologicalOrder(steps, dependencies);
  warnUnreachableSteps(order, byName, dependencies, problems);
  return { dependencies, dependents, edges, topologicalOrder: order };
}

type EdgeKinds = Map<string, Map<string, Set<DependencyKind>>>;

function collectEdges(steps: readonly GraphStep[], byName: ReadonlyMap<string, GraphStep>): EdgeKinds {
  const edgeKinds: EdgeKinds = new Map();
  const add = (step: string, dependency: string, kind: DependencyKind): void => {
    if (step === dependency || !byName.has(dependency)) return;
    let kinds = edgeKinds.get(step);
    if (kinds === undefined) {
      kinds = new Map<string, Set<DependencyKind>>();
      edgeKinds.set(step, kinds);
    }
    const set = kinds.get(dependency);
    if (set === undefined) kinds.set(dependency, new Set([kind]));
    else set.add(kind);
  };
  for (const step of steps) {
    for (const dependency of step.dependsOn) add(step.name, dependency, 'explicit');
    for (const dependency of step.references) add(step.name, dependency, 'data');
    if (step.parent !== undefined) add(step.name, step.parent.condition, 'branch');
  }
  return edgeKinds;
}

/**
 * Disjoint cycles, found without recursion: after removing every step that can be ordered, each remaining step
 * has a remaining dependency, so following dependencies from any of them must loop.
 */
function findCycles(steps: readonly GraphStep[], dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const ordered = new Set(kahn(steps, dependencies));
  const remaining = steps.map((step) => step.name).filter((name) => !ordered.has(name));
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of remaining) {
    const walk: string[] = [];
    const position = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !done.has(current) && !position.has(current)) {
      position.set(current, walk.length);
      walk.push(current);
      current = [...(dependencies.get(current) ?? [])].find((dependency) => !ordered.has(dependency));
    }
    if (current !== undefined && position.has(current)) cycles.push(walk.slice(position.get(current)));
    for (const name of walk) done.add(name);
  }
  return cycles;
}

/** Steps in an order where every dependency comes first; steps on or after a cycle are left out. */
function kahn(steps: readonly GraphStep[], dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const waiting = new Map(steps.map((step) => [step.name, dependencies.get(step.name)?.size ?? 0]));
  const dependents = new Map<string, string[]>();
  for (const [step, deps] of dependencies) {
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list === undefined) dependents.set(dep, [step]);
      else list.push(step);
    }
  }
  const queue = steps.map((step) => step.name).filter((name) => waiting.get(name) === 0);
  for (let i = 0; i < queue.length; i++) {
    for (const dependent of dependents.get(queue[i] ?? '') ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  return queue;
}

function reportCycle(
  cycle: readonly string[],
  byName: ReadonlyMap<string, GraphStep>,
  edgeKinds: EdgeKinds,
  problems: ProblemCollector,
): void {
  const first = cycle[0] ?? '';
  const links = cycle.map((name, i) => {
    const next = cycle[(i + 1) % cycle.length] ?? first;
    const kinds = KIND_ORDER.filter((kind) => edgeKinds.get(name)?.get(next)?.has(kind)).map(
      (kind) => KIND_LABEL[kind],
    );
    return `'${name}' depends on '${next}' (${kinds.join(', ')})`;
  });
  problems.error(
    byName.get(first)?.path ?? '$.Steps',
    first,
    `Cycle detected in pipeline step graph. ${links.join(', ')}.`,
  );
}

/**
 * Document order, except that each step's dependencies are pulled in front of it (depth-first, iterative). Stable
 * and deterministic for the same definition. Requires an acyclic graph.
 */
function topologicalOrder(
  steps: readonly GraphStep[],
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const documentIndex = new Map(steps.map((step, i) => [step.name, i]));
  const byDocumentOrder = (a: string, b: string): number => (documentIndex.get(a) ?? 0) - (documentIndex.get(b) ?? 0);
  const order: string[] = [];
  const emitted = new Set<string>();
  for (const root of steps) {
    const stack: Array<{ name: string; pending: string[] }> = [];
    const push = (name: string): void => {
      stack.push({ name, pending: [...(dependencies.get(name) ?? [])].sort(byDocumentOrder).reverse() });
    };
    if (!emitted.has(root.name)) push(root.name);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; pending: string[] };
      const next = top.pending.pop();
      if (next === undefined) {
        stack.pop();
        if (!emitted.has(top.name)) {
          emitted.add(top.name);
          order.push(top.name);
        }
      } else if (!emitted.has(next)) {
        push(next);
      }
    }
  }
  return order;
}
