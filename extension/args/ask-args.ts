import * as vscode from 'vscode';
import { argsSyntaxError } from '../../worker-host/functions/validate-args';
import type { FunctionSite } from '../../worker-host/protocol/functions';
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
 * Asks for the argument expression, prefilled with the function's `@profileArgs` tag, else the last
 * value used for it. Syntax is checked as the user types (parsed, never run). Undefined: the user cancelled.
 */
export async function askArgs(site: FunctionSite, file: vscode.Uri, memory: ArgsMemory, language: 'javascript' | 'python' = 'javascript'): Promise<string | undefined> {
  const remembered = memory.get(file, site.name);
  const value = site.profileArgs ?? remembered ?? '';
  const source = site.profileArgs !== undefined ? 'from @profileArgs' : remembered !== undefined ? 'last used' : undefined;
  const answer = await vscode.window.showInputBox({
    title: `Profile serialization of ${site.displayName}`,
    prompt: `Arguments for ${site.displayName}(…), evaluated in the module's scope${source ? ` (${source})` : ''}. Empty: no arguments.`,
    placeHolder: language === 'python' ? 'e.g. 21, large_list' : 'e.g. 21, largeList',
    value,
    valueSelection: [0, value.length],
    ignoreFocusOut: true,
    // Python's syntax is checked by Python itself when the run starts.
    validateInput: (text) => {
      const problem = language === 'javascript' ? argsSyntaxError(text) : undefined;
      return problem ? { message: `Not a valid argument list: ${problem}`, severity: vscode.InputBoxValidationSeverity.Error } : undefined;
    },
  });
  if (answer === undefined) return undefined;
  await memory.remember(file, site.name, answer);
  return answer;
}
