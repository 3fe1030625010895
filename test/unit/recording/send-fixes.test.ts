import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forkEdit } from '../../../extension/recording/fork-fix';
import { lineOf, parseSource, sendCallAt, valueAt, type ParsedSource } from '../../../extension/recording/send-syntax';
import { transferEdit, type TextInsert } from '../../../extension/recording/transfer-fix';
import { workerConstructorLine } from '../../../extension/recording/worker-constructor';

const apply = (text: string, insert: TextInsert): string =>
  text.slice(0, insert.offset) + insert.text + text.slice(insert.offset);

function parsed(text: string): ParsedSource {
  const source = parseSource(text);
  assert.ok(source, 'the source parses');
  return source;
}

function transferred(text: string, line: number, column: number, path: string): string | undefined {
  const source = parsed(text);
  const send = sendCallAt(source, line, column);
  assert.ok(send, `a send call on line ${line}`);
  const edit = transferEdit(source, send, path);
  return edit && apply(text, edit.insert).split('\n')[line - 1];
}

test('the example pipeline: pixels made in the loop and sent once are transferred', () => {
  const text = readFileSync(join(__dirname, '../../../examples/recording/main.mjs'), 'utf8');
  assert.equal(transferred(text, 15, 10, '.pixels'), '  worker.postMessage({ id: i, pixels }, [pixels.buffer]);');
  assert.equal(workerConstructorLine(parsed(text)), 10);
  const source = parsed(text);
  const edit = forkEdit(source, (offset) => lineOf(source, offset));
  assert.ok(edit);
  assert.equal(
    apply(text, edit.insert).split('\n')[10],
    "const child = fork(new URL('./stats-child.mjs', import.meta.url), [], { serialization: 'advanced' });",
  );
});

test('a buffer the sender reads again, sends again, or did not allocate itself is never transferred', () => {
  const readAgain = [
    'const w = new Worker("x");',
    'const data = new Float64Array(1 << 16);',
    'w.postMessage({ data });',
    'console.log(data[0]);',
  ].join('\n');
  assert.equal(transferred(readAgain, 3, 3, 'data'), undefined);
  const sentInLoop = [
    'const w = new Worker("x");',
    'const data = new Float64Array(1 << 16);',
    'for (let i = 0; i < 3; i++) {',
    '  w.postMessage({ data });',
    '}',
  ].join('\n');
  assert.equal(transferred(sentInLoop, 4, 5, 'data'), undefined);
  const view = [
    'const w = new Worker("x");',
    'const big = new ArrayBuffer(1 << 20);',
    'const part = new Uint8Array(big, 0, 1024);',
    'w.postMessage(part);',
  ].join('\n');
  assert.equal(transferred(view, 4, 3, ''), undefined);
  const unknown = ['const w = new Worker("x");', 'const data = load();', 'w.postMessage({ data });'].join('\n');
  assert.equal(transferred(unknown, 3, 3, 'data'), undefined);
});

test('transfer lists: an ArrayBuffer as is, an existing list extended, piscina gets transferList', () => {
  const own = [
    'const w = new Worker("x");',
    'function send() {',
    '  const raw = new ArrayBuffer(1 << 20);',
    '  w.postMessage(raw, [other]);',
    '}',
  ].join('\n');
  assert.equal(transferred(own, 4, 5, ''), '  w.postMessage(raw, [other, raw]);');
  const pool = [
    'async function go(pool) {',
    '  const samples = new Float32Array(1 << 18);',
    '  return pool.run({ samples }, { name: "fft" });',
    '}',
  ].join('\n');
  assert.equal(
    transferred(pool, 3, 15, 'samples'),
    '  return pool.run({ samples }, { transferList: [samples.buffer], name: "fft" });',
  );
  const mapped = [
    'for (let i = 0; i < 30; i++) {',
    '  const samples = new Float64Array(1 << 14).map(() => Math.random());',
    '  jobs.push(pool.run({ samples, i }));',
    '}',
  ].join('\n');
  assert.equal(
    transferred(mapped, 3, 18, '.samples'),
    '  jobs.push(pool.run({ samples, i }, { transferList: [samples.buffer] }));',
  );
  const shared = [
    'const whole = new Uint8Array(1 << 20);',
    'const part = whole.subarray(0, 1024);',
    'w.postMessage(part);',
  ].join('\n');
  assert.equal(transferred(shared, 3, 3, ''), undefined, 'a subarray shares its buffer: never transferred');
});

test('a fork whose serialization is written as json is switched; an unclear one is left alone', () => {
  const json =
    "import { fork } from 'node:child_process';\n" +
    "const c = fork('w.js', ['a'], { serialization: 'json', stdio: 'inherit' });\n";
  const source = parsed(json);
  const edit = forkEdit(source, (o) => lineOf(source, o));
  assert.ok(edit?.replace);
  assert.equal(
    json.slice(0, edit.replace.start) + edit.replace.text + json.slice(edit.replace.end),
    json.replace("'json'", "'advanced'"),
  );
  const spread = parsed("const c = fork('w.js', [], { ...opts });\n");
  assert.equal(
    forkEdit(spread, (o) => lineOf(spread, o)),
    undefined,
  );
  const two = parsed("const a = fork('w.js');\nconst b = fork('v.js');\n");
  assert.equal(
    forkEdit(two, (o) => lineOf(two, o)),
    undefined,
  );
});

test('value paths in message literals', () => {
  const source = parsed('w.postMessage({ job: { rows: [a, b.c] } });');
  const send = sendCallAt(source, 1, 3);
  const message = send?.call.arguments[0];
  assert.ok(message && message.type !== 'SpreadElement');
  assert.equal(valueAt(source, message, '.job.rows[1]')?.text, 'b.c');
  assert.equal(valueAt(source, message, 'job.rows[0].x')?.text, 'a.x');
  assert.equal(valueAt(source, message, 'job.missing'), undefined);
});

test('TypeScript (.mts, .ts, .tsx): the same edits through annotations, `as`, `satisfies` and type-only code', () => {
  const file = join(__dirname, '../../fixtures/recording-ts/typed-pipeline.mts');
  const text = readFileSync(file, 'utf8');
  const source = parseSource(text, file);
  assert.ok(source, 'the TypeScript parses');
  const send = sendCallAt(source, 18, 10);
  assert.ok(send);
  const edit = transferEdit(source, send, '.pixels');
  assert.ok(edit);
  assert.equal(
    apply(text, edit.insert).split('\n')[17],
    '  worker.postMessage({ id: i, pixels } satisfies Job, [pixels.buffer]);',
  );
  const fork = forkEdit(source, (offset) => lineOf(source, offset));
  assert.ok(fork);
  assert.equal(
    apply(text, fork.insert).split('\n')[13],
    "const child: ChildProcess = fork(new URL('./stats-child.mjs', import.meta.url), [], " +
      "{ serialization: 'advanced' });",
  );
  assert.equal(workerConstructorLine(source), 13);
  assert.equal(parseSource(text, 'pipeline.mjs'), undefined, 'read as JavaScript, the same text does not parse');
  const tsx = [
    'const w = new Worker(new URL("./w.js", import.meta.url));',
    'const view = <p>{String(w)}</p>;',
    'const data = new Float64Array(1 << 16) as Float64Array;',
    'w.postMessage({ data: data! });',
  ].join('\n');
  const parsedTsx = parseSource(tsx, 'view.tsx');
  assert.ok(parsedTsx, 'TSX parses');
  const tsxSend = sendCallAt(parsedTsx, 4, 3);
  assert.ok(tsxSend);
  const tsxEdit = transferEdit(parsedTsx, tsxSend, '.data');
  assert.ok(tsxEdit);
  assert.equal(apply(tsx, tsxEdit.insert).split('\n')[3], 'w.postMessage({ data: data! }, [data.buffer]);');
});
