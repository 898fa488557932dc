/**
 * Runs one job's command as a local process: output to a log file (and, line by line, to `onLine`), a deadline,
 * and a stop that kills the whole process group (a script's own children included).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { LineSplitter } from '../../log-lines.js';

/** How a command ended. */
export type CommandResult =
  | { readonly kind: 'exited'; readonly code: number; readonly signal?: string }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'not-started'; readonly reason: string };

/** What to run. */
export interface CommandSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Undefined for no deadline. */
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
  /** Told each line of stdout and of stderr as it is written (CloudWatch Logs). */
  readonly onLine?: (line: string) => void;
}

/** How long a stopped command gets between SIGTERM and SIGKILL (SageMaker gives containers 120 s; we are local). */
const KILL_GRACE_MS = 2_000;

/**
 * With piped output, how long to wait for the pipes to close after the command exited: a process it left running
 * in the background may hold them open, and must not keep the job from ending.
 */
const PIPE_CLOSE_GRACE_MS = 1_000;

/** Runs a command to its end. */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const [program, ...args] = spec.argv;
  if (program === undefined) return Promise.resolve({ kind: 'not-started', reason: 'the command is empty' });
  if (spec.signal.aborted) return Promise.resolve({ kind: 'aborted' });
  const log = openSync(spec.logFile, 'a');
  const onLine = spec.onLine;
  return new Promise((resolve) => {
    let ending: CommandResult | undefined;
    let settled = false;
    const child = spawn(program, args, {
      cwd: spec.cwd,
      env: spec.env,
      // Without a line listener the process writes the file itself; with one, Sluice copies each chunk there.
      stdio: onLine === undefined ? ['ignore', log, log] : ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a stop reaches the processes the command starts.
      detached: process.platform !== 'win32',
    });
    const closeLog = onLine === undefined ? undefined : teeOutput([child.stdout, child.stderr], log, onLine);
    if (closeLog === undefined) closeSync(log);
    const kill = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const end = (why: CommandResult): void => {
      if (ending) return;
      ending = why;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const onAbort = (): void => end({ kind: 'aborted' });
    spec.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      spec.timeoutMs === undefined ? undefined : setTimeout(() => end({ kind: 'timed-out' }), spec.timeoutMs);
    const finish = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      closeLog?.();
      resolve(ending ?? result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? `'${program}' was not found` : error.message;
      finish({ kind: 'not-started', reason });
    });
    child.once('close', (code, signal) =>
      finish({ kind: 'exited', code: code ?? 128, ...(signal !== null && { signal }) }),
    );
    if (closeLog !== undefined) {
      child.once('exit', (code, signal) => {
        const exited: CommandResult = { kind: 'exited', code: code ?? 128, ...(signal !== null && { signal }) };
        setTimeout(() => finish(exited), PIPE_CLOSE_GRACE_MS).unref();
      });
    }
  });
}

/**
 * Copies the piped outputs into the log file (fd `log`) and, line by line, to `onLine`. Answers the function that
 * ends the copy: it flushes partial last lines and closes the file.
 */
function teeOutput(outputs: readonly (Readable | null)[], log: number, onLine: (line: string) => void): () => void {
  let open = true;
  const splitters = outputs.map((output) => {
    const splitter = new LineSplitter(onLine);
    output?.on('data', (chunk: Buffer) => {
      if (!open) return;
      writeSync(log, chunk);
      splitter.push(chunk);
    });
    return splitter;
  });
  return () => {
    if (!open) return;
    open = false;
    for (const splitter of splitters) splitter.end();
    for (const output of outputs) output?.destroy();
    closeSync(log);
  };
}

/** The last `lines` lines of a log file (at most `maxChars` characters), or '' when it cannot be read. */
export async function logTail(path: string, lines = 20, maxChars = 600): Promise<string> {
  try {
    const text = (await readFile(path, 'utf8')).trimEnd();
    const tail = text.split('\n').slice(-lines).join('\n');
    return tail.length > maxChars ? '…' + tail.slice(tail.length - maxChars + 1) : tail;
  } catch {
    return '';
  }
}

/** Placeholders a command template may hold (docs/config.md). */
export const COMMAND_PLACEHOLDERS = [
  'command',
  'entrypoint',
  'arguments',
  'program',
  'hyperparameters',
  'job_dir',
  'job_name',
];

/** What a job's command line is made of (container paths, not yet rewritten into the job folder). */
export interface CommandParts {
  /** `ContainerEntrypoint` as written. */
  readonly containerEntrypoint: readonly string[];
  readonly containerArguments: readonly string[];
  /** Training: `/opt/ml/code/<sagemaker_program>`, and the `--name value` pairs of its hyperparameters. */
  readonly program?: string | undefined;
  readonly hyperparameters?: readonly string[];
  readonly jobDir: string;
  readonly jobName: string;
}

/**
 * A job's command line: the image rule's template (`rule`), else the container entrypoint and arguments, else
 * (Training) `<python> {program} {hyperparameters}`; undefined when there is nothing to run. `{command}` is the
 * whole ContainerEntrypoint, `{entrypoint}` what it runs (without its interpreter when it has several elements,
 * the training program when there is no entrypoint). As a container appends its arguments to its entrypoint, a
 * template that does not place `{arguments}` (or, for a training program, `{hyperparameters}`) gets them at the end.
 */
export function commandLine(
  rule: readonly string[] | undefined,
  parts: CommandParts,
  python: string,
): string[] | undefined {
  const entry = parts.containerEntrypoint;
  const programRun = entry.length === 0 && parts.program !== undefined;
  let template = rule;
  if (!template && entry.length > 0) template = ['{command}', '{arguments}'];
  if (!template && programRun) template = [python, '{program}', '{hyperparameters}'];
  if (!template) return undefined;
  const trailing = programRun ? 'hyperparameters' : 'arguments';
  if (!template.some((t) => t.includes(`{${trailing}}`))) template = [...template, `{${trailing}}`];
  return expandCommand(template, {
    command: entry,
    entrypoint:
      entry.length > 1 ? entry.slice(1) : entry.length === 1 ? entry : programRun ? [parts.program ?? ''] : [],
    arguments: parts.containerArguments,
    hyperparameters: parts.hyperparameters ?? [],
    program: parts.program,
    job_dir: parts.jobDir,
    job_name: parts.jobName,
  });
}

/**
 * A command template with its placeholders filled in: an element that is exactly a list placeholder
 * (`{entrypoint}`, `{arguments}`, `{hyperparameters}`) becomes that list's elements; elsewhere placeholders are
 * replaced by their text (lists joined with spaces).
 */
export function expandCommand(
  template: readonly string[],
  values: Readonly<Record<string, string | readonly string[] | undefined>>,
): string[] {
  const out: string[] = [];
  for (const element of template) {
    const whole = /^\{([a-z_]+)\}$/.exec(element)?.[1];
    const value = whole === undefined ? undefined : values[whole];
    if (whole !== undefined && Array.isArray(value)) {
      out.push(...(value as readonly string[]));
      continue;
    }
    out.push(
      element.replace(/\{([a-z_]+)\}/g, (match, name: string) => {
        const v = values[name];
        return v === undefined ? match : Array.isArray(v) ? v.join(' ') : (v as string);
      }),
    );
  }
  return out;
}
