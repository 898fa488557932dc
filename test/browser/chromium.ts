/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, the skip rule, the artifacts folder,
 * and a console build that is fresh (built once even when several browser test files start together).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/definitions.js';

export const CHROMIUM = process.env['SLUICE_CHROMIUM'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true';
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const WEB_SOURCES = join(REPO_ROOT, 'web');
/** Files outside web/ that the console bundles (the example pipeline's "Try the example"). */
const BUNDLED_SOURCES = [join(REPO_ROOT, 'examples', 'review'), join(REPO_ROOT, 'src', 'shared', 'stored-zip.ts')];
const WEB_BUILD = join(REPO_ROOT, 'dist', 'web', 'index.html');
const BUILD_LOCK = join(REPO_ROOT, 'dist', '.web-build.lock');
/** A lock older than this was left by a test run that died mid-build. */
const STALE_LOCK_MS = 5 * 60_000;
/** Flags for a root, offline, headless Chromium (see /work/.library env notes: no background networking). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests are skipped, or false: only where Chromium is missing outside CI. */
export const skipBrowser =
  !existsSync(CHROMIUM) && !IN_CI
    ? `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); the console's browser tests are skipped outside CI`
    : false;

/** The newest modification time of a file, or of the files under a folder. */
function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

function buildIsFresh(): boolean {
  if (!existsSync(WEB_BUILD)) return false;
  const sources = [WEB_SOURCES, ...BUNDLED_SOURCES].filter((p) => existsSync(p));
  return statSync(WEB_BUILD).mtimeMs >= Math.max(...sources.map(newest));
}

/**
 * Builds the console unless dist/web is at least as new as its sources. A lock folder keeps two test files from
 * building into dist/web at once (vite empties it first).
 */
export async function ensureBuilt(): Promise<void> {
  if (buildIsFresh()) return;
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    if (buildIsFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(WEB_SOURCES, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** A headless Chromium with a throwaway profile, and its first page. */
export async function launchChromium(): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) assert.fail(`CI needs Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'sluice-chromium-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot of the top of the page as test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Leaves a picture of the page a test failed on (call from afterEach). */
export async function screenshotOnFailure(page: Page | undefined, test: { name: string }): Promise<void> {
  // TestContext.passed exists since Node 20.12; @types/node does not declare it yet.
  if ((test as { passed?: boolean }).passed === false && page && !page.isClosed()) {
    const name = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page
      .screenshot({ path: join(ARTIFACTS, `console-failed-${name}.png`), fullPage: true })
      .catch(() => undefined);
  }
}
