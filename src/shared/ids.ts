import { randomBytes, randomUUID } from 'node:crypto';

/** Generates every identifier Sluice hands out. Injected so tests can make them predictable. */
export interface IdGenerator {
  /** A pipeline execution id: 12 characters of [a-z0-9], as AWS makes them. */
  executionId(): string;
  /** A callback token: 10 characters of [a-zA-Z0-9]. */
  callbackToken(): string;
  /** A request id (UUID). */
  requestId(): string;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random characters from `alphabet`, without modulo bias. */
export function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Cryptographically random ids. */
export const randomIds: IdGenerator = {
  executionId: () => randomString(LOWER_ALNUM, 12),
  callbackToken: () => randomString(MIXED_ALNUM, 10),
  requestId: () => randomUUID(),
};

/** Predictable ids for tests: `000000000001`, `000000000002`, … */
export class SequentialIds implements IdGenerator {
  private n = 0;
  executionId(): string {
    return String(++this.n).padStart(12, '0');
  }
  callbackToken(): string {
    return `tok${String(++this.n).padStart(7, '0')}`;
  }
  requestId(): string {
    return `00000000-0000-4000-8000-${String(++this.n).padStart(12, '0')}`;
  }
}
