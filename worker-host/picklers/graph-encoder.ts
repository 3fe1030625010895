// Over 300 lines on purpose: this is the one walk that turns a value graph into markers, and each kind of value
// it meets is a case of that walk; split apart, the cases would pass the walk's state (paths, warnings, seen) around.
import { BUILTIN_ERROR_CLASSES } from '../builtin-errors';
import { PickleError } from '../errors';
import { generatedFunctionLocation, functionScopes } from '../loader/function-inspector';
import { moduleScopes, type ModuleScope } from '../loader/module-scope';
import type { ValueWarning } from '../protocol/report';
import type { NumericSource } from './envelope';
import { analyseFunction } from './function-source';
import { definitionOf, describeLocation } from './function-identity';
import { isPackageCode, PACKAGE_CODE_HINT, packageCodeRefusal, referenceTo } from './function-reference';
import { reconstruction } from './reconstruction';
import { derivedBinding, exportedBinding, importableReference, moduleRecord } from './importable';
import { generatedCodeUrl, MARK, type InstanceMarker, type Marker, type Property } from './markers';
import { ModuleObjects } from './module-objects';
import { types } from 'node:util';
import { forEachElement, namedArrayKeys, presentIndicesFrom } from './array-keys';
import {
  droppedOwnKeys,
  isV8Prototype,
  numericBlockKind,
  UNSUPPORTED_HINTS,
  UNSUPPORTED_PROTOTYPES,
} from './plain-data';
import { childStep, mapKeyStep, mapValueStep, pathText, setValueStep, suffixStep, type LazyPath } from './value-path';
import { describeValueType, generatorKind, isClass, isNativeFunction } from './value-type';
import { unwrapNonPicklable } from './wrap';

/** A captured value's failure told from the function that captures it: the functions around it pass it on as is. */
class CapturedValueError extends PickleError {}

export type GraphMode = 'by-value' | 'by-reference' | 'wrapped';

/**
 * Turns a value graph into one v8 serialization carries exactly: what it cannot carry (functions, classes,
 * class instances, symbols, accessors, hidden keys) becomes markers (./markers.ts); long numeric arrays
 * become raw blocks. Shared and cyclic references stay shared: every object is encoded once.
 */
export class GraphEncoder {
  readonly blocks: NumericSource[] = [];
  /**
   * The encoded arrays, objects, maps and sets that hold a marker somewhere below them (or a value met
   * before, which may be one): the decoder walks only these, and leaves plain data as v8 rebuilt it.
   */
  readonly dirty: object[] = [];
  private readonly memo = new Map<unknown, unknown>();
  /** The arrays and plain objects being encoded, outermost first (a cycle back to one needs its copy). */
  private readonly open: object[] = [];
  /** Set when the value just encoded is, or may hold, a marker; each container collects its children's. */
  private tainted = false;
  /** Above 0 while encoding what a by-value function captures (in `wrapped`, that goes by value too). */
  private valueDepth = 0;
  private readonly modules = new ModuleObjects();

  constructor(
    private readonly mode: GraphMode,
    private readonly warnings: ValueWarning[] | undefined,
  ) {}

  encode(value: unknown, path: LazyPath): unknown {
    if (typeof value === 'function') return this.marked(this.memo.get(value) ?? this.encodeFunction(value, path));
    if (typeof value === 'symbol') return this.marked(this.memo.get(value) ?? this.encodeSymbol(value));
    if (typeof value !== 'object' || value === null) return value;
    const known = this.memo.get(value);
    if (known === value) {
      // Plain data met before, carried as is, unless a cycle reaches back to a container still being encoded.
      return this.open.includes(value) ? this.marked(this.copyOf(value as unknown[] | Record<string, unknown>)) : known;
    }
    if (known !== undefined) return this.marked(known);
    return this.encodeObject(value, path);
  }

  /** The copy an array or plain object is encoded into, made the first time one is needed. */
  private copyOf(value: unknown[] | Record<string, unknown>): unknown[] | Record<string, unknown> {
    const known = this.memo.get(value);
    if (known !== value) return known as unknown[] | Record<string, unknown>;
    const copy = Array.isArray(value) ? new Array<unknown>(value.length) : {};
    this.memo.set(value, copy);
    return copy;
  }

  private marked<T>(encoded: T): T {
    this.tainted = true;
    return encoded;
  }

  /** Encodes a container's children through `fill`; records the copy as dirty when a child may be a marker. */
  private container<T extends object>(copy: T, fill: () => void): T {
    const outer = this.tainted;
    this.tainted = false;
    fill();
    if (this.tainted) this.dirty.push(copy);
    else this.tainted = outer;
    return copy;
  }

  private warn(path: LazyPath, message: string): void {
    this.warnings?.push({ path: pathText(path), message });
  }

  private remember<T>(original: unknown, encoded: T): T {
    this.memo.set(original, encoded);
    return encoded;
  }

  private encodeSymbol(symbol: symbol): Marker {
    const registered = Symbol.keyFor(symbol);
    return this.remember(symbol, {
      [MARK]: 'symbol',
      description: registered ?? symbol.description,
      registered: registered !== undefined,
    } as Marker);
  }

  private encodeObject(value: object, path: LazyPath): unknown {
    const proto = Object.getPrototypeOf(value) as object | null;
    if (Array.isArray(value) && proto === Array.prototype) return this.encodeArray(value, path);
    if (proto === null || proto === Object.prototype) {
      // A module (a namespace, a `module.exports`) is imported again by the worker, never copied.
      const module = this.modules.referenceTo(value, proto);
      if (module) return this.marked(this.remember(value, module));
    }
    if (proto === Object.prototype) return this.encodePlainObject(value as Record<string, unknown>, path);
    if (value instanceof Map && proto === Map.prototype) {
      return this.container(this.remember(value, new Map()), () => {
        const copy = this.memo.get(value) as Map<unknown, unknown>;
        let index = 0;
        for (const [key, item] of value) {
          copy.set(this.encode(key, mapKeyStep(path, index)), this.encode(item, mapValueStep(path, key, index)));
          index++;
        }
      });
    }
    if (value instanceof Set && proto === Set.prototype) {
      return this.container(this.remember(value, new Set()), () => {
        const copy = this.memo.get(value) as Set<unknown>;
        let index = 0;
        for (const item of value) copy.add(this.encode(item, setValueStep(path, index++)));
      });
    }
    if (Buffer.isBuffer(value)) {
      return this.marked(this.remember(value, { [MARK]: 'buffer', bytes: new Uint8Array(value) } as Marker));
    }
    if (isV8Prototype(proto)) {
      if (droppedOwnKeys(value).length > 0) {
        this.warn(path, `the own properties of this ${describeValueType(value)} are dropped`);
      }
      return this.remember(value, value);
    }
    const unsupported = (proto && UNSUPPORTED_PROTOTYPES.get(proto)) || generatorKind(value);
    if (unsupported) {
      const at = pathText(path);
      const generator = unsupported.includes('enerator');
      throw new PickleError(
        `Cannot serialize the ${generator ? generatorKind(value) : unsupported} at ${at}: no pickler can carry it.`,
        {
          path: at,
          valueType: generator ? generatorKind(value)! : unsupported,
          ...(generator && {
            hint: 'send what it yields instead, e.g. [...generator] (or collect an async one with for await)',
          }),
          ...(UNSUPPORTED_HINTS.has(unsupported) && { hint: UNSUPPORTED_HINTS.get(unsupported) }),
        },
      );
    }
    return this.marked(this.encodeInstance(value, proto, path));
  }

  private encodeArray(value: unknown[], path: LazyPath): unknown {
    const kind = numericBlockKind(value);
    if (kind && namedArrayKeys(value).length === 0) {
      this.blocks.push({ kind, values: value as number[], length: value.length, path });
      return this.marked(this.remember(value, { [MARK]: 'numbers', block: this.blocks.length - 1 } as Marker));
    }
    // Plain data is carried as is; a copy is made only once an element encodes to something else (or a cycle
    // reaches back to this array), and then holds the elements seen so far unchanged.
    this.memo.set(value, value);
    this.open.push(value);
    let copy: unknown[] | undefined;
    const outer = this.tainted;
    this.tainted = false;
    const length = value.length;
    const encodeElement = (index: number): void => {
      const item = value[index];
      const needsEncoding =
        (typeof item === 'object' && item !== null) || typeof item === 'function' || typeof item === 'symbol';
      if (!needsEncoding) {
        if (copy) copy[index] = item;
        return;
      }
      const encoded = this.encode(item, childStep(path, index));
      if (encoded !== item && !copy) copy = this.startArrayCopy(value, index);
      if (copy) copy[index] = encoded;
    };
    for (let index = 0; index < length; index++) {
      if (value[index] === undefined && !(index in value)) {
        // A hole: the rest is walked by the indices it holds (`new Array(1e9)` holds none), a hole stays a hole.
        for (const present of presentIndicesFrom(value, index)) encodeElement(present);
        break;
      }
      encodeElement(index);
    }
    const named = namedArrayKeys(value);
    const encodedNamed = named.map((key) =>
      this.encode((value as unknown as Record<string, unknown>)[key], childStep(path, key)),
    );
    this.open.pop();
    if (
      !copy &&
      (this.memo.get(value) !== value ||
        encodedNamed.some((item, index) => item !== (value as unknown as Record<string, unknown>)[named[index]!]))
    ) {
      copy = this.startArrayCopy(value, length);
    }
    if (copy) {
      named.forEach((key, index) => {
        Object.defineProperty(copy, key, {
          value: encodedNamed[index],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });
    }
    if (this.tainted) this.dirty.push(copy ?? value);
    else this.tainted = outer;
    return copy ?? value;
  }

  /** The array's copy holding its elements before `end` unchanged. */
  private startArrayCopy(value: unknown[], end: number): unknown[] {
    const copy = this.copyOf(value) as unknown[];
    forEachElement(value, (item, index) => {
      if (index < end) copy[index] = item;
    });
    return copy;
  }

  private encodePlainObject(value: Record<string, unknown>, path: LazyPath): unknown {
    const keys = Reflect.ownKeys(value);
    if (!isSimpleObject(value, keys)) {
      const marker = this.remember(value, { [MARK]: 'object', props: [] as Property[] });
      marker.props = this.encodeProperties(value, path);
      return this.marked(marker);
    }
    // As for arrays: a copy only once a property encodes to something else or a cycle reaches back here.
    this.memo.set(value, value);
    this.open.push(value);
    let copy: Record<string, unknown> | undefined;
    const outer = this.tainted;
    this.tainted = false;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      const item = value[key];
      const needsEncoding =
        (typeof item === 'object' && item !== null) || typeof item === 'function' || typeof item === 'symbol';
      if (!needsEncoding) {
        if (copy) copy[key] = item;
        continue;
      }
      const encoded = this.encode(item, childStep(path, key));
      if (encoded !== item && !copy) copy = this.startObjectCopy(value, keys, index);
      if (copy) copy[key] = encoded;
    }
    this.open.pop();
    if (!copy && this.memo.get(value) !== value) copy = this.startObjectCopy(value, keys, keys.length);
    if (this.tainted) this.dirty.push(copy ?? value);
    else this.tainted = outer;
    return copy ?? value;
  }

  /** The object's copy holding its properties before `end` unchanged. */
  private startObjectCopy(
    value: Record<string, unknown>,
    keys: (string | symbol)[],
    end: number,
  ): Record<string, unknown> {
    const copy = this.copyOf(value) as Record<string, unknown>;
    for (let index = 0; index < end; index++) copy[keys[index] as string] = value[keys[index] as string];
    return copy;
  }

  private encodeProperties(value: object, path: LazyPath): Property[] {
    const props: Property[] = [];
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      const keyPath = childStep(path, key);
      let item: unknown;
      if ('value' in descriptor) {
        item = descriptor.value;
      } else {
        item = descriptor.get ? descriptor.get.call(value) : undefined;
        this.warn(keyPath, 'an accessor (getter/setter) property travels as its current value');
      }
      const encodedKey = typeof key === 'symbol' ? this.encode(key, keyPath) : key;
      props.push([encodedKey, this.encode(item, keyPath), descriptor.enumerable === true]);
    }
    return props;
  }

  private encodeInstance(value: object, proto: object | null, path: LazyPath): unknown {
    const marker = this.remember(value, { [MARK]: 'instance', cls: null, props: [] as Property[] } as InstanceMarker);
    const rebuilt = reconstruction(value);
    if (rebuilt) {
      marker.cls = this.encode(rebuilt.cls, path);
      marker.args = rebuilt.args;
      return marker;
    }
    // An Array subclass stays an array, an Error subclass a native error (what Array.isArray and
    // Object.prototype.toString tell): the worker builds it through the built-in, not Object.create.
    if (Array.isArray(value)) marker.exotic = 'array';
    else if (types.isNativeError(value)) marker.exotic = 'error';
    if (proto !== null) {
      const constructor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
      const builtinError = BUILTIN_ERROR_CLASSES.find((candidate) => candidate.prototype === proto);
      if (builtinError) {
        marker.cls = { [MARK]: 'global', name: builtinError.name };
      } else if (typeof constructor === 'function' && constructor.prototype === proto) {
        marker.cls = this.encode(constructor, path);
        if (/#[A-Za-z_$]/.test(Function.prototype.toString.call(constructor))) {
          this.warn(path, `private fields (#…) of ${describeValueType(value)} are not carried`);
        }
      } else {
        marker.proto = this.encode(proto, suffixStep(path, '.[[Prototype]]'));
      }
    }
    marker.props = this.encodeProperties(value, path);
    return marker;
  }

  private encodeFunction(fn: Function, path: LazyPath): unknown {
    const inner = unwrapNonPicklable(fn);
    if (inner) {
      const encoded = this.mode === 'by-value' ? this.encode(inner, path) : this.encodeByValue(inner, path);
      return this.remember(fn, encoded);
    }
    if (this.mode === 'by-value' || this.valueDepth > 0) {
      // What can be imported is imported (cloudpickle's rule), the rest travels by value; the task's own
      // function travels by value under by-value, which is what that mode measures.
      const reference = this.mode === 'by-value' && pathText(path) === 'fn' ? undefined : importableReference(fn);
      return reference ? this.remember(fn, reference) : this.encodeByValue(fn, path);
    }
    return this.encodeByReference(fn, path);
  }

  private encodeByReference(fn: Function, path: LazyPath): unknown {
    return this.remember(fn, importableReference(fn) ?? referenceTo(fn, pathText(path)));
  }

  private encodeByValue(fn: Function, lazyPath: LazyPath): unknown {
    const path = pathText(lazyPath);
    const valueType = describeValueType(fn);
    if (isNativeFunction(fn)) {
      if ((globalThis as Record<string, unknown>)[fn.name] === fn)
        return this.remember(fn, { [MARK]: 'global', name: fn.name });
      throw new PickleError(
        `Cannot send ${valueType} at ${path} by value: it is a built-in or bound function and has no source.`,
        { path, valueType, hint: 'pass the original function, or an arrow function that calls it' },
      );
    }
    const generated = generatedFunctionLocation(fn);
    const url = generated?.url ?? '';
    const location = definitionOf(fn);
    if (isPackageCode(url)) {
      const reference = importableReference(fn);
      if (reference) return this.remember(fn, reference);
      const also = ', and package code is not sent as source';
      throw packageCodeRefusal({ what: valueType, path, how: '', url, valueType, location, also });
    }
    const record = moduleRecord(url);
    const { source, form, freeNames } = analyseFunction(fn);
    const marker = this.remember(fn, {
      [MARK]: 'code',
      source,
      form,
      strict: record?.format === 'esm' || isClass(fn),
      name: fn.name,
      valueType,
      location,
      path,
      // Compiled code (TypeScript) keeps its generated lines, under a URL that says so: the parent maps the
      // frames back through the module's source map (../executor/stack-location.ts).
      origin:
        generated && record
          ? { url: record.sourceMap ? generatedCodeUrl(url) : url, line: generated.line + 1 }
          : undefined,
      captures: [] as string[],
      values: [] as unknown[],
      props: [] as Property[],
    });
    this.valueDepth++;
    try {
      if (freeNames.length > 0) this.captureVariables(fn, freeNames, url, path, marker);
      for (const key of Object.keys(fn)) {
        if (key === 'prototype') continue;
        marker.props.push([
          key,
          this.encode((fn as unknown as Record<string, unknown>)[key], childStep(path, key)),
          true,
        ]);
      }
    } finally {
      this.valueDepth--;
    }
    return marker;
  }

  private captureVariables(
    fn: Function,
    names: string[],
    url: string,
    path: string,
    marker: { captures: string[]; values: unknown[]; location?: unknown },
  ): void {
    const scopes = functionScopes(fn, new Set(names));
    const ownRecord = moduleRecord(url);
    const moduleScopeIndex =
      ownRecord?.format === 'cjs' ? scopes.length - 1 : scopes.findIndex((s) => s.type === 'module');
    for (const name of names) {
      const index = scopes.findIndex((scope) => scope.variables.has(name));
      if (index < 0) continue; // a global: the worker has its own
      const capturedPath = `${path}.<${name}>`;
      const atModuleLevel = index === moduleScopeIndex;
      // A function from evaluated code (an argument expression) has no file of its own: its module is the
      // one whose scope holds the very value it reads.
      const record = ownRecord ?? (atModuleLevel ? moduleHolding(name, scopes[index]!.variables.get(name)) : undefined);
      if (atModuleLevel && record) {
        const imported = record.imports[name];
        if (imported || (record.format === 'cjs' && name === 'require')) {
          marker.captures.push(name);
          marker.values.push({
            [MARK]: 'import',
            specifier: imported?.specifier ?? '',
            imported: imported?.imported ?? 'require',
            parent: record.url,
            via: record.format === 'cjs' ? 'require' : 'import',
          });
          continue;
        }
        if (record.format === 'cjs' && (name === 'module' || name === 'exports')) {
          throw new PickleError(
            `Cannot send ${describeValueType(fn)} at ${path} by value: ` +
              `it uses the CommonJS '${name}' object of its module.`,
            {
              path: capturedPath,
              valueType: 'module',
              location: definitionOf(fn),
              hint: 'read what you need into a local constant',
            },
          );
        }
      } else if (atModuleLevel && !record) {
        throw new PickleError(
          `Cannot send ${describeValueType(fn)} at ${path} by value: ` +
            `it uses the module-level '${name}' of ${url || 'an unknown script'}, ` +
            'which was not loaded through the profiler, so its imports cannot be told from its values.',
          {
            path: capturedPath,
            valueType: describeValueType(scopes[index]!.variables.get(name)),
            location: definitionOf(fn),
          },
        );
      }
      marker.captures.push(name);
      const captured = scopes[index]!.variables.get(name);
      const reference =
        atModuleLevel && record
          ? (exportedBinding(record, name, captured) ?? derivedBinding(record, name, captured))
          : undefined;
      if (reference) {
        marker.values.push(this.remember(captured as Function, reference));
        continue;
      }
      try {
        marker.values.push(this.encode(scopes[index]!.variables.get(name), capturedPath));
      } catch (error) {
        if (!(error instanceof PickleError) || error instanceof CapturedValueError) throw error;
        const where = record?.locations[name];
        const said = (defined: string, inner: string) =>
          `Cannot send ${describeValueType(fn)} by value: it captures '${name}'${defined}, and ${inner}`;
        throw new CapturedValueError(said(describeLocation(where), error.message), {
          summary: said('', error.summary),
          path: error.path ?? capturedPath,
          valueType: error.valueType,
          location: error.location ?? where,
          hint:
            error.hint === PACKAGE_CODE_HINT && atModuleLevel
              ? `build '${name}' in the worker: declare it with let and make it inside the function ` +
                `(${name} ??= new …), or send the function by reference`
              : error.hint,
          cause: error,
        });
      }
    }
  }
}

function moduleHolding(name: string, value: unknown): ModuleScope | undefined {
  for (const scope of moduleScopes().values()) {
    if (!scope.names.includes(name)) continue;
    try {
      if (Object.is(scope.get(name), value)) return scope;
    } catch {
      // in its temporal dead zone
    }
  }
  return undefined;
}

function isSimpleObject(value: Record<string, unknown>, keys: (string | symbol)[]): boolean {
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (typeof key === 'symbol' || key === MARK || key === '__proto__') return false;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (descriptor.enumerable !== true || !('value' in descriptor)) return false;
  }
  return true;
}
