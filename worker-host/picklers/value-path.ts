import type { PathRoot } from './pickler';

/** The path of the root value: a task's members read `fn`, `args[0]`; a result reads `result`. */
export function rootPath(root: PathRoot | undefined): string {
  return root === 'task' ? '' : root === 'result' ? 'result' : 'value';
}

export function childPath(parent: string, key: string | number | symbol): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (typeof key === 'symbol') return `${parent}[${String(key)}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  if (/^(0|[1-9]\d*)$/.test(key)) return `${parent}[${key}]`;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function mapKeyPath(parent: string, index: number): string {
  return `${parent}.keys()[${index}]`;
}

export function mapValuePath(parent: string, key: unknown, index: number): string {
  const shown = typeof key === 'string' ? JSON.stringify(key) : typeof key === 'bigint' ? `${key}n` : typeof key === 'number' || typeof key === 'boolean' ? String(key) : `keys()[${index}]`;
  return `${parent}.get(${shown})`;
}

export function setValuePath(parent: string, index: number): string {
  return `${parent}.values()[${index}]`;
}
