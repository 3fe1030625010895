import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bracketProblem } from '../../../shared/args-brackets';

test('brackets and strings are reported about what the user typed', () => {
  assert.equal(bracketProblem('21, largeList', 'javascript'), undefined);
  assert.equal(bracketProblem('21, largeList)', 'javascript'), '`)` at column 14 closes nothing');
  assert.equal(bracketProblem('21, [1, 2', 'python'), '`[` at column 5 is not closed');
  assert.equal(bracketProblem('f([1, 2)]', 'javascript'), '`)` at column 8 does not close the `[` at column 3');
  assert.equal(bracketProblem("'a, (b", 'python'), 'the string that starts at column 1 is not closed');
  assert.equal(bracketProblem('"(", `)`', 'javascript'), undefined);
  assert.equal(bracketProblem("'''a ( b'''", 'python'), undefined);
  assert.equal(bracketProblem('[1, 2]  # a comment (', 'python'), undefined);
});
