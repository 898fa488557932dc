/**
 * The built web console (`npm run build` → dist/web) served from disk:
 * - `/assets/*` are named by content hash: cached for a year, `immutable`;
 * - other files (favicon, …): revalidated each time (`no-cache` with an ETag);
 * - any other path a browser asks for is a client-side route: index.html, never cached, so a new build shows at once.
 * Without a build, `/` answers a short page that says how to make one.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` writes the console: `<repo>/dist/web` (this file is 3 levels deep in src/ and in dist/). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** A year: hashed assets never change under the same name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Serves files of one folder; answers GET and HEAD. */
export class StaticFiles {
  constructor(private readonly root: string) {}

  /** Writes the file `pathname` names, index.html for a client-side route, or the "run npm run build" page. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const file = this.fileFor(pathname);
    if (file !== undefined) {
      this.send(req, res, file.path, file.size, file.mtimeMs, pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      return;
    }
    // A missing hashed asset is a stale page asking for an old build: a 404, not index.html parsed as a script.
    if (pathname.startsWith('/assets/') || extname(pathname) !== '') {
      sendText(req, res, 404, 'text/plain; charset=utf-8', `Not found: ${pathname}\n`);
      return;
    }
    const index = this.stat('index.html');
    if (index === undefined) {
      sendText(req, res, 200, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
      return;
    }
    this.send(req, res, index.path, index.size, index.mtimeMs, 'no-store');
  }

  private fileFor(pathname: string): { path: string; size: number; mtimeMs: number } | undefined {
    if (pathname === '/' || pathname.endsWith('/')) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const relative = normalize(decoded).replace(/^[/\\]+/, '');
    if (relative.startsWith('..') || relative.split(sep).includes('..')) return undefined;
    return this.stat(relative);
  }

  private stat(relative: string): { path: string; size: number; mtimeMs: number } | undefined {
    const path = join(this.root, relative);
    if (!path.startsWith(this.root)) return undefined;
    try {
      const stats = statSync(path);
      return stats.isFile() ? { path, size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    size: number,
    mtimeMs: number,
    cacheControl: string,
  ): void {
    const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
    const headers = {
      'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': cacheControl,
      etag,
      'x-content-type-options': 'nosniff',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

function sendText(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Sluice is running</h1>
<p>The web console has not been built. Run <code>npm run build</code> (it writes <code>dist/web</code>) and reload.</p>
<p>The AWS endpoints answer on this address all the same; <a href="/_sluice/health">/_sluice/health</a> says so.</p>
</body></html>
`;
