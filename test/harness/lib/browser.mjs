// Debian's Chromium, driven by playwright-core: headless, a fresh profile, no network but 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './paths.mjs';
import { registerCleanup } from './proc.mjs';

export async function launchBrowser({ headless = true } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'serialization-profiler-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless,
    viewport: { width: 1400, height: 900 },
    // Our own cleanup closes the browser on signals; playwright's handlers would exit before the server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    unregister();
    // Leaving the workbench first lets the server end the extension host instead of waiting for a reconnect.
    for (const p of context.pages()) await p.goto('about:blank', { timeout: 5000 }).catch(() => {});
    await context.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  const unregister = registerCleanup(close);
  return { context, page, close };
}
