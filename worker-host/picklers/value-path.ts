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
  const shown =
    typeof key === 'string'
      ? JSON.stringify(key)
      : typeof key === 'bigint'
        ? `${key}n`
        : typeof key === 'number' || typeof key === 'boolean'
          ? String(key)
          : `keys()[${index}]`;
  return `${parent}.get(${shown})`;
}

export function setValuePath(parent: string, index: number): string {
  return `${parent}.values()[${index}]`;
}

/**
 * A path whose text is built only when a message needs it (an error or a warning): walking a large graph
 * then costs one small record per container, not a string per value.
 */
export type LazyPath = string | PathStep;

interface PathStep {
  readonly parent: LazyPath;
  readonly kind: 'child' | 'map-key' | 'map-value' | 'set-value' | 'suffix';
  readonly key: unknown;
  readonly index: number;
}

export const childStep = (parent: LazyPath, key: string | number | symbol): PathStep => ({
  parent,
  kind: 'child',
  key,
  index: 0,
});
export const mapKeyStep = (parent: LazyPath, index: number): PathStep => ({
  parent,
  kind: 'map-key',
  key: undefined,
  index,
});
export const mapValueStep = (parent: LazyPath, key: unknown, index: number): PathStep => ({
  parent,
  kind: 'map-value',
  key,
  index,
});
export const setValueStep = (parent: LazyPath, index: number): PathStep => ({
  parent,
  kind: 'set-value',
  key: undefined,
  index,
});
/** The parent's text followed by `suffix` as is (`.<name>` for a captured variable, `.[[Prototype]]`). */
export const suffixStep = (parent: LazyPath, suffix: string): PathStep => ({
  parent,
  kind: 'suffix',
  key: suffix,
  index: 0,
});

export function pathText(path: LazyPath): string {
  if (typeof path === 'string') return path;
  const parent = pathText(path.parent);
  switch (path.kind) {
    case 'child':
      return childPath(parent, path.key as string | number | symbol);
    case 'map-key':
      return mapKeyPath(parent, path.index);
    case 'map-value':
      return mapValuePath(parent, path.key, path.index);
    case 'set-value':
      return setValuePath(parent, path.index);
    case 'suffix':
      return parent + (path.key as string);
  }
}
