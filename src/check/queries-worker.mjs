// A worker thread that validates a queries file while the main thread answers the rows already validated: it
// scans the shared bytes in chunks (queries-scan.mjs) and posts each chunk's indices; { bail } when a row is
// not provably valid, { done } at the end. See queries-plain.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { ByteIndex, scanRows } from './queries-scan.mjs';

const { bytes: shared, at: from, plan, parts, chunk } = workerData;
const bytes = new Uint8Array(shared);
const tables = {
  user: new ByteIndex(parts.user),
  table: new ByteIndex(parts.table),
  record: new ByteIndex(parts.record),
  privilege: new ByteIndex(parts.privilege),
  undescribed: new ByteIndex(parts.undescribed),
  recordTable: parts.recordTable,
  orgOwned: parts.orgOwned,
};
let at = from;
for (;;) {
  const out = {
    user: new Int32Array(chunk),
    privilege: new Int8Array(chunk),
    table: new Int32Array(chunk),
    record: new Int32Array(chunk),
    start: new Int32Array(chunk),
    end: new Int32Array(chunk),
    formula: [],
  };
  const r = scanRows(bytes, at, chunk, plan, tables, out);
  if (r.rows < 0) {
    parentPort.postMessage({ bail: true });
    break;
  }
  if (r.rows > 0) {
    parentPort.postMessage({ rows: r.rows, ...out }, [
      out.user.buffer,
      out.privilege.buffer,
      out.table.buffer,
      out.record.buffer,
      out.start.buffer,
      out.end.buffer,
    ]);
  }
  at = r.at;
  if (at >= bytes.length) {
    parentPort.postMessage({ done: true });
    break;
  }
}
