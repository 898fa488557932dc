/**
 * Steps that can never run (spec §7.4, a warning): a step runs only if every step it depends on runs, and a branch
 * step only if its Condition takes that branch. A step that, directly or through its dependencies, needs steps
 * from both the IfSteps and the ElseSteps of one Condition therefore never runs. The SDK does not check this.
 */
import type { GraphStep } from './graph.js';
import type { ProblemCollector } from './problems.js';
import type { Branch } from './types.js';

/** Why a step needs a Condition to take a branch: `via` is the step (itself or a dependency) inside that branch. */
interface BranchNeed {
  readonly branch: Branch;
  readonly via: string;
}

/** Warns once per step that can never run; steps downstream of such a step are not warned about again. */
export function warnUnreachableSteps(
  order: readonly string[],
  byName: ReadonlyMap<string, GraphStep>,
  dependencies: ReadonlyMap<string, ReadonlySet<string>>,
  problems: ProblemCollector,
): void {
  const needsByStep = new Map<string, Map<string, BranchNeed>>();
  const unreachable = new Set<string>();
  for (const name of order) {
    const step = byName.get(name);
    if (step === undefined) continue;
    const needs = ownNeeds(step, byName);
    needsByStep.set(name, needs);
    const deps = [...(dependencies.get(name) ?? [])];
    if (deps.some((dep) => unreachable.has(dep))) {
      unreachable.add(name);
      continue;
    }
    for (const dep of deps) {
      const conflict = merge(needs, needsByStep.get(dep));
      if (conflict === undefined) continue;
      unreachable.add(name);
      problems.warn(step.path, name, unreachableMessage(name, conflict));
      break;
    }
  }
}

/** The branches `step` sits in, at any depth: every enclosing Condition, innermost first. */
function ownNeeds(step: GraphStep, byName: ReadonlyMap<string, GraphStep>): Map<string, BranchNeed> {
  const needs = new Map<string, BranchNeed>();
  let position = step.parent;
  while (position !== undefined && !needs.has(position.condition)) {
    needs.set(position.condition, { branch: position.branch, via: step.name });
    position = byName.get(position.condition)?.parent;
  }
  return needs;
}

interface Conflict {
  readonly condition: string;
  readonly mine: BranchNeed;
  readonly theirs: BranchNeed;
}

/** Adds `other` to `needs`; returns the first Condition needed in both branches. */
function merge(
  needs: Map<string, BranchNeed>,
  other: ReadonlyMap<string, BranchNeed> | undefined,
): Conflict | undefined {
  for (const [condition, need] of other ?? []) {
    const mine = needs.get(condition);
    if (mine === undefined) needs.set(condition, need);
    else if (mine.branch !== need.branch) return { condition, mine, theirs: need };
  }
  return undefined;
}

function unreachableMessage(name: string, { condition, mine, theirs }: Conflict): string {
  const where = (need: BranchNeed): string =>
    `the ${need.branch === 'if' ? 'IfSteps' : 'ElseSteps'} of Condition '${condition}'`;
  const first = mine.via === name ? `it is in ${where(mine)}` : `it needs '${mine.via}' in ${where(mine)}`;
  return `Step '${name}' can never run: ${first} but also needs '${theirs.via}' in ${where(theirs)}, and only one branch runs.`;
}
