// Reading a file that the user named or that an export folder holds (CSV, and the XML and JSON readers): regular
// files only, bounded in size, UTF-8 only. A symbolic link is followed only to a regular file (and, inside an
// export folder, only to a file in that folder: a link to a credentials file must not be read, let alone echoed);
// a device or a FIFO is refused before a byte is read (/dev/zero would never end). Every refusal is one Problem
// with the file and, for the content, its line, column and byte offset: invalid UTF-8 is never replaced by U+FFFD
// (which would make `mallory\xFF@…` and `mallory\xFE@…` one user), and UTF-16 or UTF-32 is named as such.
// docs/input-limits.md documents the limits.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { echo, type Problem } from '../vocabulary/index.ts';

/** Default size limit of one input file. */
export const DEFAULT_MAX_INPUT_BYTES = 2 ** 30;
/** Environment variable that overrides the limit: a number of bytes, or with a K, M or G suffix (binary). */
export const MAX_INPUT_ENV = 'ROLECHECK_MAX_INPUT_BYTES';

/** The size limit in force (DEFAULT_MAX_INPUT_BYTES unless ROLECHECK_MAX_INPUT_BYTES says otherwise). */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[MAX_INPUT_ENV]?.trim();
  if (!v) return DEFAULT_MAX_INPUT_BYTES;
  const m = /^(\d+)\s*([kmg])?i?b?$/i.exec(v);
  if (!m)
    throw new InputFileError({
      code: 'bad-setting',
      message: `${MAX_INPUT_ENV} is not a size`,
      value: echo(v),
      expected: 'a number of bytes, optionally with K, M or G (for example 2G)',
    });
  const unit = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Number(m[1]) * unit;
}

/** A file that cannot be read as input: its one problem. */
export class InputFileError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.message);
    this.name = 'InputFileError';
    this.problem = problem;
  }
}

export interface InputOptions {
  /** How the file is named in problems (`users.csv`, or the path as the user wrote it). */
  label: string;
  /** Size limit in bytes (default: maxInputBytes()). */
  maxBytes?: number;
  /** A folder: a symbolic link must lead to a regular file inside it. */
  within?: string;
  /** NUL bytes are left to the caller, which reports them per value (CSV); otherwise the first one is an error. */
  allowNul?: boolean;
}

const CHUNK = 1 << 20;

function refuse(o: InputOptions, message: string, expected: string): InputFileError {
  return new InputFileError({ code: 'unreadable-file', message, origin: { file: o.label, line: 0 }, expected });
}

function kindOf(s: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  return s.isDirectory()
    ? 'a folder'
    : s.isCharacterDevice()
      ? 'a character device'
      : s.isBlockDevice()
        ? 'a block device'
        : s.isFIFO()
          ? 'a FIFO (named pipe)'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file';
}

/** Opens `path` for reading after the checks above; the handle and the file's size. */
async function openInput(path: string, o: InputOptions): Promise<{ handle: FileHandle; size: number; max: number }> {
  const max = o.maxBytes ?? maxInputBytes();
  const expected = 'a regular file';
  let link = false;
  try {
    const l = await lstat(path);
    link = l.isSymbolicLink();
    if (link) {
      let target: string;
      try {
        target = await realpath(path);
      } catch {
        throw refuse(o, 'is a symbolic link that leads nowhere (or to a loop)', expected);
      }
      if (o.within !== undefined) {
        const rel = relative(await realpath(o.within), target);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          throw refuse(
            o,
            'is a symbolic link to a file outside the export folder; it is not read',
            'the file itself in the export folder (copy it there instead of linking to it)',
          );
        }
      }
    }
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw refuse(o, code === 'ENOENT' ? 'cannot read the file (ENOENT: it does not exist)' : `cannot read the file (${code})`, expected);
  }
  let handle: FileHandle;
  // Non-blocking, so that opening a FIFO returns at once; what it is is then checked on the open descriptor.
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw refuse(o, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, expected);
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw refuse(o, `is ${link ? 'a symbolic link to ' : ''}${kindOf(st)}, not a regular file; it is not read`, expected);
  }
  if (st.size > max) {
    await handle.close();
    throw refuse(
      o,
      `is ${st.size} bytes, over the limit of ${max} bytes for one input file`,
      `a smaller file, or a higher limit in ${MAX_INPUT_ENV} (for example ${MAX_INPUT_ENV}=4G)`,
    );
  }
  return { handle, size: st.size, max };
}

/** The encoding a file's first bytes show when it is not UTF-8 (UTF-16 or UTF-32, with or without a byte order mark). */
export function wideEncoding(b: Uint8Array): string | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32 (little-endian, with a byte order mark)';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian, with a byte order mark)';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 (little-endian, with a byte order mark)';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian, with a byte order mark)';
  // Without a byte order mark: text in the Latin range has a zero byte in every other position.
  const pairs = Math.min(b.length, 512) >> 1;
  if (pairs < 2) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs; i++) {
    const x = b[2 * i]!;
    const y = b[2 * i + 1]!;
    if (x !== 0 && y === 0) le++;
    else if (x === 0 && y !== 0) be++;
  }
  if (le >= pairs * 0.75) return 'UTF-16 (little-endian, without a byte order mark)';
  if (be >= pairs * 0.75) return 'UTF-16 (big-endian, without a byte order mark)';
  return undefined;
}

/** Offset of the first byte of `b[0, end)` that is not well-formed UTF-8 (RFC 3629), or -1. A sequence cut by `end` counts as invalid. */
export function invalidUtf8At(b: Uint8Array, end = b.length): number {
  for (let i = 0; i < end; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= end) return i;
    // The second byte's range rules out overlong forms, surrogates and code points over U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return i;
    for (let k = 2; k <= n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

/** Length of the part of `b` that ends with a whole UTF-8 sequence (a sequence cut at the end is left for the next chunk). */
function wholeLength(b: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const c = b[b.length - back]!;
    if (c < 0x80) return b.length;
    if (c >= 0xc0) {
      const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return n > back ? b.length - back : b.length;
    }
  }
  return b.length;
}

/** Line (1-based), column (1-based, in characters) of byte `offset`, read again from the file (errors only). */
async function position(handle: FileHandle, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let lineStart = 0;
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let at = 0; at < offset; ) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, offset - at), at);
    if (bytesRead === 0) break;
    for (let i = buf.indexOf(10, 0); i >= 0 && i < bytesRead; i = buf.indexOf(10, i + 1)) {
      line++;
      lineStart = at + i + 1;
    }
    at += bytesRead;
  }
  const prefix = Buffer.allocUnsafe(offset - lineStart);
  if (prefix.length) await handle.read(prefix, 0, prefix.length, lineStart);
  let column = 1;
  for (const _ of prefix.toString('utf8')) column++;
  return { line, column };
}

async function contentError(
  handle: FileHandle,
  o: InputOptions,
  offset: number,
  what: 'nul' | 'utf8',
  byte?: number,
): Promise<InputFileError> {
  const { line, column } = await position(handle, offset);
  const origin = { file: o.label, line, columns: { row: column } };
  return new InputFileError(
    what === 'nul'
      ? { code: 'nul-byte', message: `a NUL byte (byte offset ${offset})`, origin, field: 'row', expected: 'text without NUL bytes' }
      : {
          code: 'invalid-utf8',
          message: `invalid UTF-8 at byte offset ${offset} (byte 0x${(byte ?? 0).toString(16).padStart(2, '0').toUpperCase()}); nothing after it is read`,
          origin,
          field: 'row',
          expected: 'a file saved as UTF-8',
        },
  );
}

function wideError(o: InputOptions, kind: string): InputFileError {
  return new InputFileError({
    code: 'not-utf8',
    message: `the file is ${kind}; save it as UTF-8`,
    origin: { file: o.label, line: 1 },
    expected: 'a file saved as UTF-8',
  });
}

/**
 * Reads an input file chunk by chunk (for a streaming parser). `chunks()` yields checked chunks and throws an
 * InputFileError at the first problem; `sha256` is the digest of every byte once the chunks are all read.
 */
export class InputReader {
  sha256 = '';
  bytes = 0;
  constructor(
    private readonly path: string,
    private readonly o: InputOptions,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    const o = this.o;
    const { handle, max } = await openInput(this.path, o);
    const hash = createHash('sha256');
    try {
      let carry: Buffer | undefined;
      let at = 0;
      let first = true;
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await handle.read(buf, 0, CHUNK, at);
        if (bytesRead === 0) break;
        if (at + bytesRead > max)
          throw refuse(
            o,
            `grew over the limit of ${max} bytes for one input file while it was read`,
            `a smaller file, or a higher limit in ${MAX_INPUT_ENV}`,
          );
        const got = buf.subarray(0, bytesRead);
        hash.update(got);
        const start = at - (carry?.length ?? 0);
        const data = carry ? Buffer.concat([carry, got]) : got;
        at += bytesRead;
        if (first) {
          first = false;
          const wide = wideEncoding(data);
          if (wide) throw wideError(o, wide);
        }
        if (!o.allowNul) {
          const z = data.indexOf(0);
          if (z >= 0) throw await contentError(handle, o, start + z, 'nul');
        }
        const whole = wholeLength(data);
        const body = whole === data.length ? data : data.subarray(0, whole);
        if (!isUtf8(body)) {
          const bad = invalidUtf8At(body);
          throw await contentError(handle, o, start + bad, 'utf8', body[bad]);
        }
        carry = whole === data.length ? undefined : Buffer.from(data.subarray(whole));
        if (body.length) yield body;
      }
      if (carry) throw await contentError(handle, o, at - carry.length, 'utf8', carry[0]);
      this.bytes = at;
      this.sha256 = hash.digest('hex');
    } finally {
      await handle.close();
    }
  }
}

/** A whole input file, checked: its bytes and SHA-256. Throws InputFileError. */
export async function readInputFile(path: string, o: InputOptions): Promise<{ bytes: Buffer; sha256: string }> {
  const { handle, size, max } = await openInput(path, o);
  try {
    let bytes = Buffer.allocUnsafe(size);
    let at = 0;
    for (;;) {
      if (at === bytes.length) {
        // The file grew after its size was taken: read on, within the limit.
        if (at >= max) {
          const probe = Buffer.allocUnsafe(1);
          if ((await handle.read(probe, 0, 1, at)).bytesRead === 0) break;
          throw refuse(
            o,
            `grew over the limit of ${max} bytes for one input file while it was read`,
            `a smaller file, or a higher limit in ${MAX_INPUT_ENV}`,
          );
        }
        const more = Buffer.allocUnsafe(Math.min(max, Math.max(CHUNK, bytes.length * 2)));
        bytes.copy(more, 0, 0, at);
        bytes = more;
      }
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    bytes = bytes.subarray(0, at);
    const wide = wideEncoding(bytes);
    if (wide) throw wideError(o, wide);
    if (!o.allowNul) {
      const z = bytes.indexOf(0);
      if (z >= 0) throw await contentError(handle, o, z, 'nul');
    }
    if (!isUtf8(bytes)) {
      const bad = invalidUtf8At(bytes);
      throw await contentError(handle, o, bad, 'utf8', bytes[bad]);
    }
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  } finally {
    await handle.close();
  }
}

/** The checks of openInput alone (what the file is, its size), for a reader that opens the file itself. */
export async function checkInputFile(path: string, o: InputOptions): Promise<void> {
  const { handle } = await openInput(path, o);
  await handle.close();
}
