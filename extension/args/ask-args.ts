import * as vscode from 'vscode';
import { bracketProblem } from '../../shared/args-brackets';
import type { FunctionSite } from '../../shared/functions';
import type { WorkerHostClient } from '../host/host-client';
import { resultKey } from '../profiling/results-store';

const MEMORY_KEY = 'serializationProfiler.lastArgs';

/** The argument expression remembered per function, in workspace state. */
export class ArgsMemory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string> {
    return this.state.get<Record<string, string>>(MEMORY_KEY, {});
  }

  get(file: vscode.Uri, functionName: string): string | undefined {
    return this.all()[resultKey(file, functionName)];
  }

  async remember(file: vscode.Uri, functionName: string, expression: string): Promise<void> {
    await this.state.update(MEMORY_KEY, { ...this.all(), [resultKey(file, functionName)]: expression });
  }
}

/**
 * Checks as the user types, parsed and never run: brackets and strings at once in the editor, then syntax and
 * names the module does not define in the worker host (which has the parsers).
 */
async function validate(
  text: string,
  document: vscode.TextDocument,
  host: WorkerHostClient,
): Promise<vscode.InputBoxValidationMessage | undefined> {
  const python = document.languageId === 'python';
  const brackets = bracketProblem(text, python ? 'python' : 'javascript');
  if (brackets)
    return { message: `Not a valid argument list: ${brackets}`, severity: vscode.InputBoxValidationSeverity.Error };
  if (text.trim() === '') return undefined;
  try {
    const check = await host.request('checkArgs', {
      file: document.uri.fsPath,
      source: document.getText(),
      expression: text,
    }).result;
    if (check.error)
      return {
        message: `Not a valid argument list: ${check.error}`,
        severity: vscode.InputBoxValidationSeverity.Error,
      };
    if (check.warning) return { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning };
  } catch {
    // The worker host is restarting: the run itself reports any problem.
  }
  return undefined;
}

/**
 * Asks for the argument expression, prefilled with `prefill`, else the function's `@profileArgs` tag (Python:
 * its docstring's `profile-args:` line), else the last value used for it. Undefined: the user cancelled.
 */
export async function askArgs(
  site: FunctionSite,
  document: vscode.TextDocument,
  memory: ArgsMemory,
  host: WorkerHostClient,
  prefill?: string,
): Promise<string | undefined> {
  const file = document.uri;
  const remembered = memory.get(file, site.name);
  const value = prefill ?? site.profileArgs ?? remembered ?? '';
  const tag = document.languageId === 'python' ? 'profile-args:' : '@profileArgs';
  const source =
    prefill !== undefined
      ? 'as last run'
      : site.profileArgs !== undefined
        ? `from ${tag}`
        : remembered !== undefined
          ? 'last used'
          : undefined;
  const answer = await vscode.window.showInputBox({
    title: `Profile serialization of ${site.displayName}`,
    prompt:
      `Arguments for ${site.displayName}(…), evaluated in the module's scope${source ? ` (${source})` : ''}. ` +
      'Empty: no arguments.',
    placeHolder: document.languageId === 'python' ? 'e.g. 21, large_list' : 'e.g. 21, largeList',
    value,
    valueSelection: [0, value.length],
    ignoreFocusOut: true,
    validateInput: (text) => validate(text, document, host),
  });
  if (answer === undefined) return undefined;
  await memory.remember(file, site.name, answer);
  return answer;
}
