import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findPythonFunctions } from '../../../worker-host/python/index';
import { SEED } from './helpers';

test('the seed: func_async at its name', () => {
  const sites = findPythonFunctions(readFileSync(SEED, 'utf8'));
  assert.deepEqual(sites, [
    {
      name: 'func_async',
      displayName: 'func_async',
      kind: 'function',
      exported: true,
      line: 8,
      column: 5,
      profileArgs: '21, large_list',
    },
  ]);
});

test(
  'top-level functions and methods, with decorators, async, ' +
    'docstring arguments; nothing from strings or nested scopes',
  () => {
    const source = [
      '"""Module docstring.',
      'def not_a_function():',
      '"""',
      'import functools',
      '',
      '@functools.lru_cache()',
      'async def fetch(url):  # def commented_out():',
      '    """Fetch it.',
      '',
      '    profile-args: "https://example.org"',
      '    """',
      '    def inner():',
      '        pass',
      '    return url',
      '',
      'class Histogram(object):',
      '    """Counts."""',
      '    text = """',
      'def in_a_string():',
      '"""',
      '    def count(self, values,',
      '              weights=(1,',
      '    2)):',
      '        return len(values)',
      '',
      '    @staticmethod',
      '    def empty():',
      '        class Local:',
      '            def hidden(self): pass',
      '        return Local',
      '',
      '    class Nested:',
      '        def skipped(self): pass',
      '',
      'def résumé(x): return x',
      'async def de(): pass',
      '',
      'if __name__ == "__main__":',
      '    def main_only(): pass',
    ].join('\r\n');
    const sites = findPythonFunctions(source);
    assert.deepEqual(
      sites.map(({ name, kind, line, column, profileArgs }) => ({ name, kind, line, column, profileArgs })),
      [
        { name: 'fetch', kind: 'function', line: 7, column: 11, profileArgs: '"https://example.org"' },
        { name: 'Histogram.count', kind: 'method', line: 21, column: 9, profileArgs: undefined },
        { name: 'Histogram.empty', kind: 'class-method', line: 27, column: 9, profileArgs: undefined },
        { name: 'résumé', kind: 'function', line: 35, column: 5, profileArgs: undefined },
        { name: 'de', kind: 'function', line: 36, column: 11, profileArgs: undefined },
      ],
    );
  },
);
