/**
 * First pass over `Steps`: find every step object, top-level and inside Condition branches at any depth (spec §7.1),
 * check names, types and uniqueness. Later passes need the full set of names before they can check references.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { ProblemCollector } from './problems.js';
import { indexPath, memberPath } from './problems.js';
import { NAME_PATTERN, STEP_TYPES, isStepType } from './step-types.js';
import { didYouMean } from './suggest.js';
import type { BranchPosition, StepType } from './types.js';

/** A step object found in the definition, before its envelope is validated. */
export interface StepDraft {
  readonly raw: JsonObject;
  /** JSON path of the step object. */
  readonly path: string;
  /** `Name` when it is a string (even one that breaks the pattern). */
  readonly name: string | undefined;
  /** `Type` when it is a known step type. */
  readonly type: StepType | undefined;
  readonly parent: BranchPosition | undefined;
  /** Condition steps: names of the steps directly in IfSteps / ElseSteps. */
  readonly ifSteps: readonly string[];
  readonly elseSteps: readonly string[];
}

/** Every step of the definition. */
export interface StepIndex {
  /** Document order, a Condition before its branch steps. */
  readonly drafts: readonly StepDraft[];
  /** First step of each name. */
  readonly byName: ReadonlyMap<string, StepDraft>;
  readonly topLevel: readonly string[];
}

/** The SDK's wording for a repeated step name (spec §7.4). */
export const DUPLICATE_STEP_MESSAGE =
  'Pipeline steps cannot have duplicate names. In addition, steps added in the ConditionStep cannot be added in the Pipeline steps list.';

/** Collects every step object below `$.Steps`. */
export function collectSteps(steps: JsonValue | undefined, problems: ProblemCollector): StepIndex {
  const drafts: StepDraft[] = [];
  const byName = new Map<string, StepDraft>();
  const topLevel: string[] = [];
  if (steps === undefined) {
    problems.error('$', undefined, 'Steps is required: the definition must list its steps.');
  } else if (!Array.isArray(steps)) {
    problems.error('$.Steps', undefined, 'Steps must be an array of step objects.');
  } else if (steps.length === 0) {
    problems.error('$.Steps', undefined, 'Steps must contain at least one step.');
  } else {
    const walker = new StepWalker(drafts, byName, problems);
    topLevel.push(...walker.walkList(steps, '$.Steps', undefined));
  }
  return { drafts, byName, topLevel };
}

class StepWalker {
  constructor(
    private readonly drafts: StepDraft[],
    private readonly byName: Map<string, StepDraft>,
    private readonly problems: ProblemCollector,
  ) {}

  /** Walks one list of step objects; returns the names found in it. */
  walkList(items: readonly JsonValue[], path: string, parent: BranchPosition | undefined): string[] {
    const names: string[] = [];
    items.forEach((item, index) => {
      const name = this.walkStep(item, indexPath(path, index), parent);
      if (name !== undefined) names.push(name);
    });
    return names;
  }

  private walkStep(item: JsonValue, path: string, parent: BranchPosition | undefined): string | undefined {
    if (!isJsonObject(item)) {
      this.problems.error(path, undefined, 'A step must be an object with Name, Type and Arguments.');
      return undefined;
    }
    const name = this.checkName(item, path);
    const type = this.checkType(item, path, name);
    const ifSteps: string[] = [];
    const elseSteps: string[] = [];
    const draft: StepDraft = { raw: item, path, name, type, parent, ifSteps, elseSteps };
    this.drafts.push(draft);
    if (name !== undefined) this.register(draft, name);
    const args = item['Arguments'];
    if (type === 'Condition' && name !== undefined && isJsonObject(args)) {
      const argsPath = memberPath(path, 'Arguments');
      ifSteps.push(...this.walkBranch(args, 'IfSteps', argsPath, { condition: name, branch: 'if' }));
      elseSteps.push(...this.walkBranch(args, 'ElseSteps', argsPath, { condition: name, branch: 'else' }));
    }
    return name;
  }

  private walkBranch(
    args: JsonObject,
    key: 'IfSteps' | 'ElseSteps',
    argsPath: string,
    position: BranchPosition,
  ): string[] {
    const list = args[key];
    if (list === undefined) return [];
    const path = memberPath(argsPath, key);
    if (!Array.isArray(list)) {
      this.problems.error(path, position.condition, `${key} must be an array of step objects (it may be empty).`);
      return [];
    }
    return this.walkList(list, path, position);
  }

  private checkName(item: JsonObject, path: string): string | undefined {
    const name = item['Name'];
    if (typeof name !== 'string') {
      this.problems.error(memberPath(path, 'Name'), undefined, 'Step Name is required and must be a string.');
      return undefined;
    }
    if (!NAME_PATTERN.test(name)) {
      this.problems.error(
        memberPath(path, 'Name'),
        name,
        `Step name '${name}' is invalid: use 1-64 letters, digits, '-' or '_'.`,
      );
    }
    return name;
  }

  private checkType(item: JsonObject, path: string, name: string | undefined): StepType | undefined {
    const type = item['Type'];
    if (isStepType(type)) return type;
    if (typeof type !== 'string') {
      this.problems.error(
        memberPath(path, 'Type'),
        name,
        'Step Type is required and must be a string such as "Training" or "Condition".',
      );
    } else {
      this.problems.error(
        memberPath(path, 'Type'),
        name,
        `Step type '${type}' is not supported.`,
        unknownTypeHint(type),
      );
    }
    return undefined;
  }

  private register(draft: StepDraft, name: string): void {
    const first = this.byName.get(name);
    if (first === undefined) {
      this.byName.set(name, draft);
      return;
    }
    this.problems.error(
      memberPath(draft.path, 'Name'),
      name,
      `${DUPLICATE_STEP_MESSAGE} Step '${name}' is already defined at ${first.path}.`,
    );
  }
}

/** Suggests a close known type, or names the SDK-only spellings that are not types (spec §4). */
function unknownTypeHint(type: string): string | undefined {
  const aliases: Readonly<Record<string, string>> = {
    CreateModel: "Use 'Model' for a create-model step.",
    Notebook: "Notebook job steps are 'Training' steps.",
    Function: "@step function steps are 'Training' steps.",
  };
  return aliases[type] ?? didYouMean(type, STEP_TYPES) ?? `Known types: ${STEP_TYPES.join(', ')}.`;
}
