/**
 * Messages between the extension and the worker host process over Node IPC. Declared once; the extension's
 * host client and the worker host's main loop both import these types.
 */
import type { FoundFunction, FunctionSite } from './functions';
import type { InputProblem } from './input-problem';
import type { ProfileProgress, ProfileReport, ProfileRequest, PythonRunInfo } from './report';

/** The as-you-type verdict on an argument list: an error blocks the run, a warning only says so. */
export interface ArgsCheck {
  error?: string;
  warning?: string;
  /** For an unknown name: the module's name it most likely meant. */
  suggestion?: string;
}

/** Text to insert before the 1-based `line` (at its first column). */
export interface LineInsert {
  line: number;
  text: string;
}

/** Every request the worker host answers: its parameters and its result. */
export interface HostMethods {
  profile: { params: ProfileRequest; result: ProfileReport };
  /** Stops the named request: its `profile` promise rejects with `cancelled` and its workers are stopped. */
  cancel: { params: { target: number }; result: boolean };
  /** JavaScript, TypeScript and Python files (by the file's extension); `source`: the editor's unsaved text. */
  listFunctions: { params: { file: string; source?: string }; result: FoundFunction[] };
  /** Checks an argument list against the module's text without running anything. */
  checkArgs: { params: { file: string; source: string; expression: string }; result: ArgsCheck };
  /** The report as the CLI's Markdown (the panel's export). */
  formatMarkdown: { params: { report: ProfileReport; root: string }; result: string };
  /** The edit that decorates a Python function with loky's wrap_non_picklable_objects (and imports it). */
  pythonWrapEdit: { params: { source: string; site: FunctionSite; loky: PythonRunInfo['loky'] }; result: LineInsert[] };
  ping: { params: Record<string, never>; result: { pid: number; node: string } };
  /** Shuts the pools down and exits the process after answering. */
  shutdown: { params: Record<string, never>; result: null };
}
export type HostMethod = keyof HostMethods;

export type HostRequest = {
  [M in HostMethod]: { type: 'request'; id: number; method: M; params: HostMethods[M]['params'] };
}[HostMethod];

/** Why a request failed: bad input (shown as is), cancelled by the user, or an internal failure (logged). */
export interface HostFailure {
  reason: 'input' | 'cancelled' | 'internal';
  message: string;
  problem?: InputProblem;
  stack?: string;
}

export type HostResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; failure: HostFailure };

export type HostEvent =
  | { type: 'ready'; pid: number; node: string }
  | { type: 'progress'; id: number; progress: ProfileProgress }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type HostToExtension = HostResponse | HostEvent;

const METHODS: readonly HostMethod[] = [
  'profile',
  'cancel',
  'listFunctions',
  'checkArgs',
  'formatMarkdown',
  'pythonWrapEdit',
  'ping',
  'shutdown',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isHostRequest(value: unknown): value is HostRequest {
  return (
    isRecord(value) &&
    value.type === 'request' &&
    typeof value.id === 'number' &&
    METHODS.includes(value.method as HostMethod) &&
    isRecord(value.params)
  );
}

export function isHostToExtension(value: unknown): value is HostToExtension {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'response':
      return typeof value.id === 'number' && typeof value.ok === 'boolean';
    case 'ready':
      return typeof value.pid === 'number';
    case 'progress':
      return typeof value.id === 'number' && isRecord(value.progress);
    case 'log':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
