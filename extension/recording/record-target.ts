import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { RecordTarget } from './record-run';

/** What the record command may be given instead of asking (tests, keybindings, other extensions). */
export interface RecordCommandArgs {
  command?: string[];
  npmScript?: string;
  cwd?: string;
  label?: string;
}

type TargetItem = vscode.QuickPickItem & { target?: RecordTarget; askCommandLine?: true };

const NODE_FILE = /\.(m|c)?(j|t)sx?$/;
const TYPESCRIPT_FILE = /\.(m|c)?tsx?$/;

/** Splits a command line into words: spaces separate, quotes group, backslash escapes; no other shell syntax. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") [quote, inWord] = [c, true];
    else if (c === '\\' && i + 1 < line.length) [word, inWord] = [word + line[++i], true];
    else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      [word, inWord] = ['', false];
    } else [word, inWord] = [word + c, true];
  }
  if (quote) throw new Error(`The command line has an unclosed ${quote} quote.`);
  if (inWord) words.push(word);
  return words;
}

async function npmScriptItems(): Promise<TargetItem[]> {
  const files = await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', 50);
  const items: TargetItem[] = [];
  for (const uri of files.sort((a, b) => a.fsPath.length - b.fsPath.length)) {
    let scripts: Record<string, unknown>;
    try {
      const parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as {
        scripts?: Record<string, unknown>;
      };
      scripts = parsed.scripts ?? {};
    } catch {
      continue; // A package.json that does not parse has no scripts to offer.
    }
    const where = vscode.workspace.asRelativePath(dirname(uri.fsPath));
    for (const [name, body] of Object.entries(scripts)) {
      if (typeof body !== 'string') continue;
      items.push({
        label: `$(package) npm run ${name}`,
        description: where === dirname(uri.fsPath) ? '' : where,
        detail: body,
        target: { label: `npm run ${name}`, command: ['npm', 'run', name], cwd: dirname(uri.fsPath) },
      });
    }
  }
  return items;
}

function substitute(value: string, folder: vscode.WorkspaceFolder): string {
  const file = vscode.window.activeTextEditor?.document.uri.fsPath ?? '';
  return value
    .replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath)
    .replace(/\$\{workspaceRoot\}/g, folder.uri.fsPath)
    .replace(/\$\{file\}/g, file);
}

function launchItems(): TargetItem[] {
  const items: TargetItem[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const configurations =
      vscode.workspace.getConfiguration('launch', folder.uri).get<unknown[]>('configurations') ?? [];
    for (const raw of configurations) {
      const config = raw as {
        name?: unknown;
        type?: unknown;
        request?: unknown;
        program?: unknown;
        args?: unknown;
        cwd?: unknown;
        runtimeExecutable?: unknown;
        runtimeArgs?: unknown;
      };
      if (config.request !== 'launch' || (config.type !== 'node' && config.type !== 'pwa-node')) continue;
      const strings = (v: unknown): string[] =>
        Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => substitute(s, folder)) : [];
      const runtime =
        typeof config.runtimeExecutable === 'string' ? substitute(config.runtimeExecutable, folder) : 'node';
      const program = typeof config.program === 'string' ? [substitute(config.program, folder)] : [];
      const command = [runtime, ...strings(config.runtimeArgs), ...program, ...strings(config.args)];
      if (command.length < 2) continue;
      const cwd = typeof config.cwd === 'string' ? substitute(config.cwd, folder) : folder.uri.fsPath;
      const name = typeof config.name === 'string' ? config.name : command.join(' ');
      items.push({
        label: `$(debug-alt) ${name}`,
        description: 'launch configuration',
        detail: command.join(' '),
        target: { label: name, command, cwd },
      });
    }
  }
  return items;
}

function activeFileItem(): TargetItem[] {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file' || !NODE_FILE.test(document.fileName)) return [];
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.fileName);
  const relative = vscode.workspace.asRelativePath(document.uri);
  // Node 20 does not run TypeScript: tsx does, as most projects run it (the workspace's own, never downloaded).
  const typescript = TYPESCRIPT_FILE.test(document.fileName);
  const runner = typescript ? ['npx', '--no-install', 'tsx'] : ['node'];
  return [
    {
      label: `$(file-code) ${typescript ? 'tsx' : 'node'} ${relative}`,
      description: 'the active file',
      target: { label: relative, command: [...runner, document.fileName], cwd: folder },
    },
  ];
}

function defaultCwd(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/**
 * Resolves the command's arguments, or asks: an npm script, a launch configuration, the active file, or a
 * command line.
 */
export async function chooseRecordTarget(args?: RecordCommandArgs): Promise<RecordTarget | undefined> {
  const cwd = args?.cwd ?? defaultCwd();
  if (args?.command?.length && cwd) return { label: args.label ?? args.command.join(' '), command: args.command, cwd };
  if (args?.npmScript && cwd)
    return { label: `npm run ${args.npmScript}`, command: ['npm', 'run', args.npmScript], cwd };
  if (!cwd) {
    void vscode.window.showWarningMessage('Open a folder first: recording runs a program of the workspace.');
    return undefined;
  }
  const items: TargetItem[] = [
    ...(await npmScriptItems()),
    ...launchItems(),
    ...activeFileItem(),
    { label: '$(terminal) Enter a command line…', description: 'e.g. node app.js --jobs 8', askCommandLine: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Record Serialization Traffic',
    placeHolder: 'What should run (recorded)?',
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  const line = await vscode.window.showInputBox({
    title: 'Record Serialization Traffic',
    prompt:
      `A command to run in ${vscode.workspace.asRelativePath(cwd) || cwd}; ` +
      'its Node processes and worker threads are recorded',
    placeHolder: 'node app.js',
    validateInput: (value) => {
      try {
        return splitCommandLine(value).length === 0 ? 'Enter a command, e.g. node app.js' : undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!line) return undefined;
  const command = splitCommandLine(line);
  return { label: command.join(' '), command, cwd };
}

export function absoluteIn(cwd: string, file: string): string {
  return isAbsolute(file) ? file : join(cwd, file);
}
