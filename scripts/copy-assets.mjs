#!/usr/bin/env node
// Copies the files tsc does not emit from src/ to dist/, at the same relative paths: the worker bootstraps the
// Lambda function host runs (src/runtimes/lambda/bootstrap/*.py, *.mjs). Run by `npm run build` after tsc.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';

const ASSET_EXTENSIONS = new Set(['.py', '.mjs']);

function copyAssets(dir, from, to) {
  let copied = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copied += copyAssets(path, from, to);
    else if (ASSET_EXTENSIONS.has(extname(name))) {
      const target = join(to, relative(from, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      copied++;
    }
  }
  return copied;
}

const count = copyAssets('src', 'src', 'dist');
console.log(`copy-assets: ${count} file(s) copied to dist/`);
