/**
 * What a pool's worker sees when it imports a module by file name, as piscina and tinypool do
 * (`__importStar(require(file))`, else `import(file)`): an ES module's namespace as it is; a CommonJS module's
 * `module.exports` when it says `__esModule`, else its own properties plus `default: module.exports`.
 */
export function poolNamespace(loaded: unknown, format: 'esm' | 'cjs'): Record<string, unknown> {
  if (format === 'esm') return loaded as Record<string, unknown>;
  if (loaded !== null && typeof loaded === 'object' && (loaded as { __esModule?: unknown }).__esModule) {
    return loaded as Record<string, unknown>;
  }
  const namespace: Record<string, unknown> = {};
  if (loaded !== null && (typeof loaded === 'object' || typeof loaded === 'function')) {
    for (const key of Object.keys(loaded))
      if (key !== 'default') namespace[key] = (loaded as Record<string, unknown>)[key];
  }
  namespace.default = loaded;
  return namespace;
}
