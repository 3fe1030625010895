import { PickleError } from '../errors';
import type { NumericBlock } from './envelope';
import { instantiateFunction } from './function-source';
import { resolveImport, resolveLoadedReference, resolveReference } from './import-resolution';
import { MARK, markerTag, type InstanceMarker, type Marker, type Property } from './markers';
import { forEachElement, namedArrayKeys } from './array-keys';
import { fromNumericBlock } from './plain-data';
import { childStep, mapKeyStep, mapValueStep, pathText, setValueStep, suffixStep, type LazyPath } from './value-path';
import { describeLocation } from './function-identity';

type CodeMarker = Extract<Marker, { [MARK]: 'code' }>;

/**
 * Rebuilds a graph written by GraphEncoder. First every module the graph refers to is imported (the only
 * asynchronous part), then the graph is rebuilt in place: containers fresh from v8 deserialization are
 * reused, markers become functions, classes, instances and symbols.
 */
export class GraphDecoder {
  private readonly memo = new Map<unknown, unknown>();
  private readonly resolved = new Map<object, unknown>();

  /** `dirty`: the containers that may hold markers (see GraphEncoder.dirty); any other is left as is. */
  constructor(
    private readonly blocks: NumericBlock[],
    private readonly dirty?: ReadonlySet<object>,
  ) {}

  /** Imports what the graph refers to; undefined when there is nothing to import. */
  prepare(graph: unknown, rootPath: string): Promise<void> | undefined {
    const pending: Promise<void>[] = [];
    const seen = new Set<object>();
    const visit = (value: unknown, path: LazyPath): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      const tag = markerTag(value);
      if (tag === undefined && this.dirty && !this.dirty.has(value)) return;
      seen.add(value);
      if (tag === 'export' || tag === 'local' || tag === 'global') {
        const loaded = resolveLoadedReference(value as never);
        if (loaded) {
          this.resolved.set(value, loaded.value);
          return;
        }
        pending.push(
          resolveReference(value as never, pathText(path)).then((resolved) => void this.resolved.set(value, resolved)),
        );
        return;
      }
      if (tag === 'import') {
        pending.push(
          resolveImport(value as never, pathText(path)).then((resolved) => void this.resolved.set(value, resolved)),
        );
        return;
      }
      if (tag === 'code') {
        (value as CodeMarker).captures.forEach((name, index) =>
          visit((value as CodeMarker).values[index], suffixStep(path, `.<${name}>`)),
        );
        for (const [, item] of (value as CodeMarker).props) visit(item, path);
        return;
      }
      if (tag === 'instance' || tag === 'object') {
        const marker = value as InstanceMarker;
        visit(marker.cls, path);
        visit(marker.proto, suffixStep(path, '.[[Prototype]]'));
        for (const [key, item] of marker.props) visit(item, childStep(path, typeof key === 'string' ? key : 'symbol'));
        return;
      }
      if (tag !== undefined) return;
      if (value instanceof Map) {
        let index = 0;
        for (const [key, item] of value) {
          visit(key, mapKeyStep(path, index));
          visit(item, mapValueStep(path, key, index++));
        }
      } else if (value instanceof Set) {
        let index = 0;
        for (const item of value) visit(item, setValueStep(path, index++));
      } else if (Array.isArray(value)) {
        forEachElement(value, (item, index) => {
          if (typeof item === 'object' && item !== null) visit(item, childStep(path, index));
        });
        for (const key of namedArrayKeys(value))
          visit((value as unknown as Record<string, unknown>)[key], childStep(path, key));
      } else if (Object.getPrototypeOf(value) === Object.prototype) {
        for (const key of Object.keys(value)) {
          const item = (value as Record<string, unknown>)[key];
          if (typeof item === 'object' && item !== null) visit(item, childStep(path, key));
        }
      }
    };
    visit(graph, rootPath);
    if (pending.length === 0) return undefined;
    // Report the first failure in graph order, as a sequential import would.
    return Promise.allSettled(pending).then((outcomes) => {
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    });
  }

  decode(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (this.memo.has(value)) return this.memo.get(value);
    const tag = markerTag(value);
    if (tag !== undefined) return this.decodeMarker(value as Marker, tag);
    if (this.dirty && !this.dirty.has(value)) return value;
    if (Array.isArray(value)) {
      this.memo.set(value, value);
      forEachElement(value, (item, index) => {
        if (typeof item === 'object' && item !== null) value[index] = this.decode(item);
      });
      const named = value as unknown as Record<string, unknown>;
      for (const key of namedArrayKeys(value)) named[key] = this.decode(named[key]);
      return value;
    }
    if (value instanceof Map) {
      const copy = new Map();
      this.memo.set(value, copy);
      for (const [key, item] of value) copy.set(this.decode(key), this.decode(item));
      return copy;
    }
    if (value instanceof Set) {
      const copy = new Set();
      this.memo.set(value, copy);
      for (const item of value) copy.add(this.decode(item));
      return copy;
    }
    this.memo.set(value, value);
    if (Object.getPrototypeOf(value) === Object.prototype) {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = this.decode(record[key]);
    }
    return value;
  }

  private decodeMarker(marker: Marker, tag: string): unknown {
    switch (marker[MARK]) {
      case 'export':
      case 'local':
      case 'global':
      case 'import': {
        const value = this.resolved.get(marker);
        this.memo.set(marker, value);
        return value;
      }
      case 'symbol': {
        const symbol = marker.registered ? Symbol.for(marker.description ?? '') : Symbol(marker.description);
        this.memo.set(marker, symbol);
        return symbol;
      }
      case 'numbers': {
        const array = fromNumericBlock(this.blocks[marker.block]!);
        this.memo.set(marker, array);
        return array;
      }
      case 'buffer': {
        const buffer = Buffer.from(marker.bytes);
        this.memo.set(marker, buffer);
        return buffer;
      }
      case 'object': {
        const object = {};
        this.memo.set(marker, object);
        this.defineProperties(object, marker.props);
        return object;
      }
      case 'instance': {
        const cls = this.decode(marker.cls) as Function | null;
        const proto = cls
          ? (cls.prototype as object)
          : marker.proto === undefined
            ? null
            : (this.decode(marker.proto) as object);
        const instance =
          marker.args && cls ? (Reflect.construct(cls, marker.args) as object) : createInstance(marker.exotic, proto);
        this.memo.set(marker, instance);
        this.defineProperties(instance, marker.props);
        return instance;
      }
      case 'code':
        return this.decodeCode(marker);
      default:
        throw new PickleError(`Unknown marker '${tag}' in the payload.`);
    }
  }

  private decodeCode(marker: CodeMarker): Function {
    let built: ReturnType<typeof instantiateFunction>;
    try {
      built = instantiateFunction(marker);
    } catch (error) {
      const said = (defined: string) =>
        `Cannot rebuild ${marker.valueType} at ${marker.path}${defined} from its source: ${(error as Error).message}`;
      throw new PickleError(said(describeLocation(marker.location)), {
        summary: said(''),
        path: marker.path,
        valueType: marker.valueType,
        location: marker.location,
        cause: error,
      });
    }
    this.memo.set(marker, built.fn);
    built.assign(marker.values.map((value) => this.decode(value)));
    for (const [key, value] of marker.props) {
      Object.defineProperty(built.fn, key as string, {
        value: this.decode(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return built.fn;
  }

  private defineProperties(target: object, props: Property[]): void {
    for (const [key, value, enumerable] of props) {
      if (key === 'length' && Array.isArray(target)) {
        target.length = value as number; // an array's own length cannot be redefined, only set
        continue;
      }
      Object.defineProperty(target, this.decode(key) as PropertyKey, {
        value: this.decode(value),
        enumerable,
        writable: true,
        configurable: true,
      });
    }
  }
}

/** An empty instance with `proto`: an array or a native error when it was one, else a plain object. */
function createInstance(exotic: InstanceMarker['exotic'], proto: object | null): object {
  if (exotic === 'array') return Object.setPrototypeOf([], proto) as object;
  if (exotic === 'error') {
    const error = new Error();
    delete (error as { stack?: string }).stack; // the sent stack, if any, is among its own properties
    return Object.setPrototypeOf(error, proto) as object;
  }
  return Object.create(proto) as object;
}
