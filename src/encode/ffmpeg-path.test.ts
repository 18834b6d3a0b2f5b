import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AbortedError, AftermathError } from '../core/errors.js';
import { resolveFfmpegPath, runFfmpeg, stderrTail } from './ffmpeg-path.js';

test('resolves the bundled ffmpeg from @ffmpeg-installer, not a system one', async () => {
  const bin = resolveFfmpegPath();
  assert.ok(path.isAbsolute(bin));
  assert.match(bin, /node_modules[\\/]@ffmpeg-installer[\\/]/);
  assert.equal(resolveFfmpegPath(), bin);
  const { stderr } = await runFfmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=16x16:d=0.1', '-f', 'null', '-']);
  assert.match(stderr, /Input #0, lavfi/);
});

test('non-zero exit rejects with encode.ffmpeg_failed carrying the stderr tail', async () => {
  await assert.rejects(runFfmpeg(['-i', '/nonexistent/aftermath-no-such-file.png', '-f', 'null', '-']), (e: unknown) => {
    assert.ok(e instanceof AftermathError);
    assert.equal(e.code, 'encode.ffmpeg_failed');
    assert.match(e.message, /exit code 1/);
    assert.match(e.message, /aftermath-no-such-file\.png: No such file or directory/);
    return true;
  });
});

test('stderrTail keeps the last lines only', () => {
  const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
  const tail = stderrTail(text).split('\n');
  assert.equal(tail.length, 20);
  assert.equal(tail[0], 'line 10');
  assert.equal(tail[19], 'line 29');
});

test('abort kills a running ffmpeg and rejects with AbortedError', async () => {
  const ctrl = new AbortController();
  const started = Date.now();
  // -re makes this run in real time for 60 s unless it is killed.
  const run = runFfmpeg(['-re', '-f', 'lavfi', '-i', 'testsrc=size=32x32:rate=25', '-t', '60', '-f', 'null', '-'], {
    signal: ctrl.signal,
  });
  setTimeout(() => ctrl.abort(), 150);
  await assert.rejects(run, (e: unknown) => e instanceof AbortedError && e.code === 'aborted');
  assert.ok(Date.now() - started < 5000, 'ffmpeg was killed promptly');
});

test('an already-aborted signal rejects without starting ffmpeg', async () => {
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(runFfmpeg(['-version'], { signal: ctrl.signal, stage: 'probe' }), (e: unknown) => {
    return e instanceof AbortedError && /'probe'/.test(e.message);
  });
});
