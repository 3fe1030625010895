import type { SendSite } from './call-site';

/** Stack reads of a shared shape before a tag is chosen among its keys; past GIVE_UP_READS none is looked for. */
const READS_BEFORE_CHOOSING = 16;
const GIVE_UP_READS = 256;
/** A key with more values than this is no tag (an id, a count) and tells no lines apart. */
const MAX_VALUES = 64;
const MAX_TAG_LENGTH = 64;
/** Keys read of a message's shape: enough to tell most sites apart. */
export const SHAPE_KEYS = 8;
/** The message itself is the tag of a shape of primitives (`postMessage('stop')`). */
const SELF = Symbol('message');
const NO_TAG = Symbol('no tag');

type Key = string | typeof SELF;
/** A message's first keys, each with the primitive it holds (NO_TAG: something else). */
export type Tags = readonly (readonly [Key, unknown])[];
/** Each value seen under a key and the one line seen sending it; null once a second line sent it too. */
type ValueSites = Map<unknown, SendSite | null>;
type SameSite = (a: SendSite, b: SendSite) => boolean;

/**
 * Messages of one shape that several lines send through one target: a protocol's `{ type, payload }` posted
 * from a line per type, `[CALL, …]` and `[INIT, …]`, or `'start'` and `'stop'`. Their stacks are read until one of
 * their first keys holds a few primitive values, each sent from one line (the tag); from then on a message goes
 * to the line its tag was seen sent from, and only a tag value not seen yet, or seen from two lines, has its stack
 * read.
 */
export class ShapeSplit {
  private reads = 0;
  /** While learning: each first key, or null once it cannot be the tag. */
  private candidates: Map<Key, ValueSites | null> | undefined;
  private tag: { key: Key; sites: ValueSites } | undefined;

  /** `first`: the tags of the shape's first message, sent from `firstSite` before a second line sent the shape. */
  constructor(
    private readonly sameSite: SameSite,
    first: Tags,
    firstSite: SendSite,
  ) {
    this.candidates = new Map(first.map(([key]) => [key, new Map()]));
    this.learnTags(first, firstSite);
  }

  /** The line `message` was sent from as its tag tells, or undefined when its stack must be read. */
  siteOf(message: unknown): SendSite | undefined {
    if (!this.tag) return undefined;
    return this.tag.sites.get(tagOf(message, this.tag.key)) ?? undefined;
  }

  /** A message of the shape whose stack was read: it was sent from `site`. */
  learn(message: unknown, site: SendSite): void {
    if (this.tag) this.note(this.tag.sites, tagOf(message, this.tag.key), site);
    else if (this.candidates) this.learnTags(tagsOf(message), site);
  }

  private learnTags(tags: Tags, site: SendSite): void {
    const candidates = this.candidates!;
    for (const [key, value] of tags) {
      const sites = candidates.get(key);
      if (!sites) continue;
      // A value two lines send stays unresolved (its messages are read); the key may still tell the others apart.
      if (value === NO_TAG || (!sites.has(value) && sites.size >= MAX_VALUES)) candidates.set(key, null);
      else this.note(sites, value, site);
    }
    if (++this.reads >= READS_BEFORE_CHOOSING) this.choose(candidates);
  }

  /** Notes `value` sent from `site`: a value another line sent before is left to the stack from now on. */
  private note(sites: ValueSites, value: unknown, site: SendSite): void {
    if (value === NO_TAG) return;
    const known = sites.get(value);
    if (known === undefined) {
      if (sites.size < MAX_VALUES) sites.set(value, site);
    } else if (known !== null && !this.sameSite(known, site)) sites.set(value, null);
  }

  /** The first key whose values repeat and tell two lines or more apart. */
  private choose(candidates: Map<Key, ValueSites | null>): void {
    for (const [key, sites] of candidates) {
      if (!sites || sites.size * 2 > this.reads) continue;
      const lines: SendSite[] = [];
      for (const site of sites.values()) if (site && !lines.some((line) => this.sameSite(line, site))) lines.push(site);
      if (lines.length < 2) continue;
      this.tag = { key, sites };
      this.candidates = undefined;
      return;
    }
    if (this.reads >= GIVE_UP_READS) this.candidates = undefined;
  }
}

/** A message's first keys (as its shape reads them; an array's first item) with what they hold. */
export function tagsOf(message: unknown): Tags {
  if (typeof message !== 'object' || message === null) return [[SELF, tagOf(message, SELF)]];
  if (Array.isArray(message)) return [['0', tagOf(message, '0')]];
  // A typed array's shape has no keys (enumerating a large one's indices would take memory per element).
  if (ArrayBuffer.isView(message)) return [];
  const tags: [Key, unknown][] = [];
  for (const key in message) {
    tags.push([key, tagOf(message, key)]);
    if (tags.length === SHAPE_KEYS) break;
  }
  return tags;
}

/** The primitive held under `key` (an own data property: no getter runs), or NO_TAG. */
function tagOf(message: unknown, key: Key): unknown {
  let value: unknown;
  if (key === SELF) value = message;
  else if (typeof message === 'object' && message !== null) {
    const descriptor = Object.getOwnPropertyDescriptor(message, key);
    if (!descriptor || !('value' in descriptor)) return NO_TAG;
    value = descriptor.value;
  } else return NO_TAG;
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_TAG_LENGTH ? value : NO_TAG;
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    default:
      return value === null ? null : NO_TAG;
  }
}
