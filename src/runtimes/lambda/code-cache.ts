/**
 * Unpacked deployment packages on this node's disk: `<root>/<account>/<region>/<name>/<code hash>/`, where root is
 * `<dataDir>/lambda`. The zip itself is in the store; a node unpacks it here on first use (or at create and
 * update, when it has the bytes at hand) and reuses the folder until the code changes.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unpackZip } from './zip-reader.js';

/** Which package: a function's code at one hash. */
export interface CodeKey {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** Base64 SHA-256, as Lambda reports it. */
  readonly codeSha256: string;
}

/** The unpacked-code folders of one node. */
export class CodeCache {
  private readonly unpacking = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  /** The folder of a package (which may not exist yet). */
  dirOf(key: CodeKey): string {
    // base64url: the hash's '/' and '+' have no place in a folder name.
    const hash = Buffer.from(key.codeSha256, 'base64').toString('base64url');
    return join(this.functionDir(key), hash);
  }

  /** The folder of a package, unpacking it first when needed; `loadZip` is called only then. */
  ensure(key: CodeKey, loadZip: () => Promise<Buffer>): Promise<string> {
    const dir = this.dirOf(key);
    if (existsSync(dir)) return Promise.resolve(dir);
    let pending = this.unpacking.get(dir);
    if (pending === undefined) {
      pending = (async () => {
        const zip = await loadZip();
        if (!existsSync(dir)) unpackZip(zip, dir);
        return dir;
      })().finally(() => this.unpacking.delete(dir));
      this.unpacking.set(dir, pending);
    }
    return pending;
  }

  /** Unpacks bytes already at hand (CreateFunction, UpdateFunctionCode). */
  store(key: CodeKey, zip: Buffer): string {
    const dir = this.dirOf(key);
    if (!existsSync(dir)) unpackZip(zip, dir);
    return dir;
  }

  /** Removes every package of a function except `keep` (best effort: a folder in use is simply removed too). */
  prune(key: Omit<CodeKey, 'codeSha256'>, keep?: string): void {
    const dir = this.functionDir(key);
    if (!existsSync(dir)) return;
    const kept = keep === undefined ? undefined : Buffer.from(keep, 'base64').toString('base64url');
    for (const name of readdirSync(dir)) {
      if (name !== kept) rmSync(join(dir, name), { recursive: true, force: true });
    }
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
  }

  private functionDir(key: Omit<CodeKey, 'codeSha256'>): string {
    return join(this.root, key.accountId, key.region, key.name);
  }
}
