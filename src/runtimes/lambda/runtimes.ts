/**
 * The runtimes the function host runs, and what a handler string means in each. Python handlers run on the
 * host's `python3`, Node handlers on the `node` running Sluice, whatever minor version the runtime names.
 */

/** How a runtime runs handlers. */
export type RuntimeFamily = 'python' | 'node';

/** Supported runtime identifiers, in the order error messages list them. */
export const SUPPORTED_RUNTIMES: ReadonlyMap<string, RuntimeFamily> = new Map([
  ['python3.8', 'python'],
  ['python3.9', 'python'],
  ['python3.10', 'python'],
  ['python3.11', 'python'],
  ['python3.12', 'python'],
  ['python3.13', 'python'],
  ['nodejs18.x', 'node'],
  ['nodejs20.x', 'node'],
  ['nodejs22.x', 'node'],
]);

/** The family of a supported runtime, or undefined. */
export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  return SUPPORTED_RUNTIMES.get(runtime);
}

/** Node handler files are looked up with these extensions, in this order (as the AWS Node.js runtime does). */
export const NODE_EXTENSIONS = ['.js', '.mjs', '.cjs'] as const;

/** Where a handler's code must be: the files any one of which satisfies it, relative to the package root. */
export interface HandlerLocation {
  /** `app` (Python module) or `src/index` (Node file without extension). */
  readonly module: string;
  /** The function (Python) or export path (Node) inside it. */
  readonly exportName: string;
  readonly candidates: readonly string[];
}

/**
 * Splits a handler as the runtime does, or returns undefined when it has no function part. Python: `pkg.mod.fn`
 * or `pkg/mod.fn` (the last dot separates the function). Node: `dir/file.export` (the first dot after the last
 * slash separates the file; the export may be a dotted path).
 */
export function handlerLocation(family: RuntimeFamily, handler: string): HandlerLocation | undefined {
  if (family === 'python') {
    const dot = handler.lastIndexOf('.');
    if (dot <= 0 || dot === handler.length - 1) return undefined;
    const module = handler.slice(0, dot);
    const path = module.replace(/\./g, '/');
    return { module, exportName: handler.slice(dot + 1), candidates: [`${path}.py`, `${path}/__init__.py`] };
  }
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const base = handler.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1) return undefined;
  const module = `${dir}${base.slice(0, dot)}`;
  return {
    module,
    exportName: base.slice(dot + 1),
    candidates: NODE_EXTENSIONS.map((ext) => `${module}${ext}`),
  };
}
