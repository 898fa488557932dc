/**
 * Where the client commands write, and how they style it: colours only on a TTY and never when NO_COLOR is set
 * (https://no-color.org: "when present and not an empty string").
 */

/** The output side of a command: two line writers, a raw writer for cursor movement, and what the screen can do. */
export interface Terminal {
  /** Whether stdout is a terminal: live redrawing and symbols are used only then. */
  readonly isTTY: boolean;
  /** Whether stdout may carry ANSI colours. */
  readonly color: boolean;
  /** Width of stdout in characters (80 when unknown). */
  readonly columns: number;
  /** Height of stdout in lines (24 when unknown). */
  readonly rows: number;
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** Writes `text` to stdout as is (no newline added). */
  write(text: string): void;
}

/** Width assumed when stdout does not say. */
const DEFAULT_COLUMNS = 80;
/** Height assumed when stdout does not say. */
const DEFAULT_ROWS = 24;

/** The process's own stdout and stderr. */
export function processTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  const isTTY = process.stdout.isTTY === true;
  return {
    isTTY,
    color: isTTY && !env['NO_COLOR'],
    columns: process.stdout.columns || DEFAULT_COLUMNS,
    rows: process.stdout.rows || DEFAULT_ROWS,
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    write: (text) => process.stdout.write(text),
  };
}

/** Text decorations that vanish when colours are off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly magenta: (text: string) => string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

const PLAIN = (text: string): string => text;

/** A style that colours when `color` is set and returns text unchanged otherwise. */
export function createStyle(color: boolean): Style {
  if (!color) {
    return { bold: PLAIN, dim: PLAIN, red: PLAIN, green: PLAIN, yellow: PLAIN, cyan: PLAIN, magenta: PLAIN };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}

// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC by definition.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex -- the same, anchored where the scan stands.
const ANSI_HERE = /\x1b\[[0-9;?]*[A-Za-z]/y;

/** `text` without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** How many columns `text` takes on screen (escape sequences take none). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** `text` padded with spaces to `width` visible columns. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * `text` cut to `width` visible columns with an ellipsis, keeping escape sequences (and resetting attributes
 * after a cut), so a redrawn line never wraps and the cursor arithmetic of the live view stays right.
 */
export function truncateVisible(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  let index = 0;
  while (index < text.length && used < width - 1) {
    ANSI_HERE.lastIndex = index;
    const escape = ANSI_HERE.exec(text);
    if (escape) {
      out += escape[0];
      index += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
    out += char;
    index += char.length;
    used += 1;
  }
  return out + '…' + (text.includes('\x1b[') ? '\x1b[0m' : '');
}

/** Moves the cursor to the start of the line `lines` lines up and clears from there to the end of the screen. */
export function eraseLines(lines: number): string {
  return lines > 0 ? `\r\x1b[${lines}A\x1b[0J` : '\r\x1b[0J';
}

/** Hides the cursor (while a live view redraws). */
export const HIDE_CURSOR = '\x1b[?25l';
/** Shows the cursor again. */
export const SHOW_CURSOR = '\x1b[?25h';
