import fc from 'fast-check';

/**
 * Generated object graphs, described as plain specs and built fresh for each run (so no run can see
 * another's mutations): primitives, Date, typed arrays, symbols, arrays with holes, objects, Map, Set,
 * class instances (exported and not), null-prototype objects, getters, functions; then extra links
 * between containers make shared references and cycles.
 */
export type Spec =
  | { k: 'leaf'; v: unknown }
  | { k: 'date'; ms: number }
  | { k: 'typed'; values: number[] }
  | { k: 'sym'; key: string; registered: boolean }
  | { k: 'arr'; items: Spec[]; hole: boolean }
  | { k: 'obj'; entries: [string, Spec][] }
  | { k: 'nullproto'; entries: [string, Spec][] }
  | { k: 'map'; entries: [Spec, Spec][] }
  | { k: 'set'; items: Spec[] }
  | { k: 'point'; x: Spec; y: Spec }
  | { k: 'hidden'; v: Spec }
  | { k: 'getter'; v: Spec }
  | { k: 'fn'; which: 'exported' | 'local' | 'closure' | 'exportedClosure' }
  | { k: 'buffer'; bytes: number[] }
  | { k: 'error'; which: 'Error' | 'TypeError' | 'HttpError'; code: string | undefined; cause: Spec | undefined }
  | { k: 'url'; path: string }
  | { k: 'named'; values: number[]; total: Spec }
  | { k: 'list'; items: Spec[] };

export interface GraphValues {
  Point: new (x: unknown, y: unknown) => object;
  exportedFn: Function;
  exportedClosure: Function;
  make: { hidden: (v: unknown) => object; local: () => Function; closure: (k: number) => Function };
  HttpError: new (message: string, status: number) => Error;
  List: typeof Array;
}

const key = fc.constantFrom('a', 'b', 'c', 'x y', '0', 'length');

const leaf: fc.Arbitrary<Spec> = fc.oneof(
  fc
    .oneof(
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 4 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.constantFrom(-0, NaN, Infinity),
    )
    .map((v): Spec => ({ k: 'leaf', v })),
  fc.integer({ min: -1e12, max: 1e12 }).map((ms): Spec => ({ k: 'date', ms })),
  fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 3 }).map((values): Spec => ({ k: 'typed', values })),
  fc.record({ key: fc.constantFrom('s', 't'), registered: fc.boolean() }).map((s): Spec => ({ k: 'sym', ...s })),
  fc.constantFrom('exported', 'local', 'closure', 'exportedClosure').map((which): Spec => ({ k: 'fn', which })),
);

/**
 * Values real programs send that a channel changes: Buffers, Errors and their subclasses, URLs, arrays with named
 * keys, Array subclasses.
 */
const realWorld = (tie: (key: 'tree') => fc.Arbitrary<Spec>): fc.Arbitrary<Spec>[] => [
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }).map((bytes): Spec => ({ k: 'buffer', bytes })),
  fc
    .record({
      which: fc.constantFrom('Error', 'TypeError', 'HttpError'),
      code: fc.option(fc.constantFrom('E_BAD', 'ENOENT'), { nil: undefined }),
      cause: fc.option(tie('tree'), { nil: undefined, freq: 4 }),
    })
    .map((e): Spec => ({ k: 'error', ...e })),
  fc.constantFrom('/', '/a?b=1').map((path): Spec => ({ k: 'url', path })),
  fc
    .record({ values: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 70 }), total: tie('tree') })
    .map((n): Spec => ({ k: 'named', ...n })),
  fc.array(tie('tree'), { maxLength: 2 }).map((items): Spec => ({ k: 'list', items })),
];

function trees(withRealWorld: boolean) {
  return fc.letrec<{ tree: Spec }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .record({ items: fc.array(tie('tree'), { maxLength: 3 }), hole: fc.boolean() })
        .map((s): Spec => ({ k: 'arr', ...s })),
      fc.array(fc.tuple(key, tie('tree')), { maxLength: 3 }).map((entries): Spec => ({ k: 'obj', entries })),
      fc.array(fc.tuple(key, tie('tree')), { maxLength: 2 }).map((entries): Spec => ({ k: 'nullproto', entries })),
      fc.array(fc.tuple(tie('tree'), tie('tree')), { maxLength: 2 }).map((entries): Spec => ({ k: 'map', entries })),
      fc.array(tie('tree'), { maxLength: 2 }).map((items): Spec => ({ k: 'set', items })),
      fc.tuple(tie('tree'), tie('tree')).map(([x, y]): Spec => ({ k: 'point', x, y })),
      tie('tree').map((v): Spec => ({ k: 'hidden', v })),
      tie('tree').map((v): Spec => ({ k: 'getter', v })),
      ...(withRealWorld ? realWorld(tie) : []),
    ),
  })).tree;
}

export const graphSpec = fc.record({
  root: trees(false),
  links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
});

/** Graphs that also hold the real-world values a channel changes (see realWorld). */
export const realWorldGraphSpec = fc.record({
  root: trees(true),
  links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
});

export function buildGraph(spec: { root: Spec; links: [number, number][] }, values: GraphValues): unknown {
  const containers: object[] = [];
  const build = (s: Spec): unknown => {
    switch (s.k) {
      case 'leaf':
        return s.v;
      case 'date':
        return new Date(s.ms);
      case 'typed':
        return Int16Array.from(s.values);
      case 'sym':
        return s.registered ? Symbol.for(s.key) : Symbol(s.key);
      case 'fn':
        return s.which === 'exported'
          ? values.exportedFn
          : s.which === 'local'
            ? values.make.local()
            : s.which === 'closure'
              ? values.make.closure(3)
              : values.exportedClosure;
      case 'arr': {
        const array: unknown[] = [];
        containers.push(array);
        s.items.forEach((item, index) => (array[index + (s.hole ? 1 : 0)] = build(item)));
        return array;
      }
      case 'obj':
      case 'nullproto': {
        const object: Record<string, unknown> = s.k === 'obj' ? {} : Object.create(null);
        containers.push(object);
        for (const [name, item] of s.entries) object[name] = build(item);
        return object;
      }
      case 'map': {
        const map = new Map();
        containers.push(map);
        for (const [k, v] of s.entries) map.set(build(k), build(v));
        return map;
      }
      case 'set': {
        const set = new Set();
        containers.push(set);
        for (const item of s.items) set.add(build(item));
        return set;
      }
      case 'point': {
        const point = new values.Point(undefined, undefined) as Record<string, unknown>;
        containers.push(point);
        point.x = build(s.x);
        point.y = build(s.y);
        return point;
      }
      case 'hidden': {
        const hidden = values.make.hidden(undefined) as Record<string, unknown>;
        containers.push(hidden);
        hidden.value = build(s.v);
        return hidden;
      }
      case 'buffer':
        return Buffer.from(s.bytes);
      case 'error': {
        const cause = s.cause === undefined ? undefined : { cause: build(s.cause) };
        const error =
          s.which === 'HttpError'
            ? new values.HttpError('not found', 404)
            : s.which === 'TypeError'
              ? new TypeError('bad', cause)
              : new Error('boom', cause);
        if (s.code !== undefined) Object.assign(error, { code: s.code });
        return error;
      }
      case 'url':
        return new URL(`http://example.test${s.path}`);
      case 'named': {
        const array = Object.assign([...s.values], { total: build(s.total) });
        containers.push(array);
        return array;
      }
      case 'list': {
        const list = new values.List();
        containers.push(list);
        for (const item of s.items) list.push(build(item));
        return list;
      }
      case 'getter': {
        const inner = build(s.v);
        const object = {};
        containers.push(object);
        Object.defineProperty(object, 'g', { get: () => inner, enumerable: true, configurable: true });
        return object;
      }
    }
  };
  const root = build(spec.root);
  if (containers.length > 0) {
    spec.links.forEach(([from, to], index) => {
      const source = containers[from % containers.length]!;
      const target = containers[to % containers.length]!;
      if (source instanceof Map) source.set(`link${index}`, target);
      else if (source instanceof Set) source.add(target);
      else if (Array.isArray(source)) source.push(target);
      else if (Object.getOwnPropertyDescriptor(source, 'g')?.get)
        return; // keep getter objects single-keyed
      else (source as Record<string, unknown>)[`link${index}`] = target;
    });
  }
  return root;
}
