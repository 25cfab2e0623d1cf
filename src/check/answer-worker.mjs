// A worker thread that turns row descriptions into `rolecheck check`'s CSV text (answer-rows.mjs) and writes it:
// into the file descriptor it was given (positional writes from `pos`), or back to the main thread as bytes for
// a stream. The main thread decides; this thread writes; on two cores they overlap (docs/performance.md).
import { parentPort, workerData } from 'node:worker_threads';
import { RowBuilder, writeAllAt } from './answer-rows.mjs';

const { bytes, fd } = workerData;
let pos = workerData.pos;
// A file is written before emit returns, so the block can be filled again.
const builder = new RowBuilder(new Uint8Array(bytes), fd >= 0);
const emit = (out) => {
  if (fd >= 0) pos = writeAllAt(fd, out, pos);
  else parentPort.postMessage({ out }, [out.buffer]);
};
parentPort.on('message', (m) => {
  try {
    if (m.pieces) builder.add(m.pieces);
    if (m.desc) builder.build(m.desc, m.length, m.extras, emit);
    if (m.end) {
      builder.flush(emit);
      parentPort.postMessage({ done: true, pos });
    }
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
