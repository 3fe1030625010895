// Locations every runner shares, derived from this file so runners work from any cwd.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = join(projectRoot, '.cache', `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const examplesDir = join(projectRoot, 'examples');
export const suiteIndex = join(projectRoot, 'dist', 'test', 'vscode', 'index.js');
export const e2eDir = join(projectRoot, 'test', 'e2e');
export const screenshotDir = join(projectRoot, 'test-output', 'screenshots');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
