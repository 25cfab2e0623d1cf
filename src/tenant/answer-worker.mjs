// A worker thread that turns row descriptions into `rolecheck check`'s CSV text (answer-rows.mjs) and writes it:
// into the file descriptor it was given (positional writes from `pos`), or back to the main thread as bytes for
// a stream. The main thread decides; this thread writes; on two cores they overlap (docs/performance.md).
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { bomLength, RowBuilder } from './answer-rows.mjs';

const { bytes, fd } = workerData;
let pos = workerData.pos;
// utf8, not latin1 (the same text: the file is ASCII after its mark): Node makes a large latin1 string external,
// and slicing external strings made writing twice as slow (profiled).
const all = Buffer.from(bytes); const skip = bomLength(all);
const builder = new RowBuilder(all.toString('utf8', skip), skip);
const encoder = new TextEncoder();
const emit = (chunk) => {
  const out = encoder.encode(chunk);
  if (fd >= 0) { for (let done = 0; done < out.length;) { const n = writeSync(fd, out, done, out.length - done, pos); done += n; pos += n; } }
  else parentPort.postMessage({ out }, [out.buffer]);
};
parentPort.on('message', (m) => {
  try {
    if (m.pieces) builder.add(m.pieces);
    if (m.desc) builder.build(m.desc, m.length, m.extras, emit);
    if (m.end) parentPort.postMessage({ done: true, pos });
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
