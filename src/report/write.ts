// Writes a set of output files as one unit: every file goes to a temporary name in the target folder first
// (same file system, so rename is atomic), then each replaces its target; the previous versions are kept as hard
// links until the whole set is in place. Any failure removes the temporaries and puts the previous set back, so
// the folder never holds a half-written file or a mix of two runs.
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file operations used, replaceable in tests to inject failures. */
export interface WriteFs {
  mkdirSync: typeof nodeFs.mkdirSync;
  writeFileSync: (path: string, data: string | Uint8Array) => void;
  renameSync: (from: string, to: string) => void;
  linkSync: (existing: string, link: string) => void;
  unlinkSync: (path: string) => void;
  existsSync: (path: string) => boolean;
  fsyncFile?: (path: string) => void;
}

const fsyncFile = (path: string): void => {
  const fd = nodeFs.openSync(path, 'r');
  try {
    nodeFs.fsyncSync(fd);
  } finally {
    nodeFs.closeSync(fd);
  }
};

export const realFs: WriteFs = {
  mkdirSync: nodeFs.mkdirSync,
  writeFileSync: (p, d) => nodeFs.writeFileSync(p, d),
  renameSync: nodeFs.renameSync,
  linkSync: nodeFs.linkSync,
  unlinkSync: nodeFs.unlinkSync,
  existsSync: nodeFs.existsSync,
  fsyncFile,
};

export function writeSetAtomically(dir: string, files: ReadonlyMap<string, string | Uint8Array>, fs: WriteFs = realFs): void {
  fs.mkdirSync(dir, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const entries = [...files];
  const temps: string[] = [];
  const backups = new Map<string, string>();
  const done: string[] = [];
  const quiet = (f: () => void) => {
    try {
      f();
    } catch {
      /* best effort during rollback */
    }
  };
  try {
    for (const [name, body] of entries) {
      // A name is a file of the folder or of a sub-folder (`access/roles.csv`): no dot segment, no backslash.
      if (name.includes('\\') || name.split('/').some((seg) => seg === '' || seg.startsWith('.')))
        throw new Error(`invalid output name ${name}`);
      const target = join(dir, name);
      if (name.includes('/')) fs.mkdirSync(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `.${basename(name)}.${tag}.tmp`);
      temps.push(tmp);
      fs.writeFileSync(tmp, body);
      fs.fsyncFile?.(tmp);
    }
    for (const [name] of entries) {
      const target = join(dir, name);
      if (fs.existsSync(target)) {
        const bak = join(dirname(target), `.${basename(name)}.${tag}.bak`);
        fs.linkSync(target, bak);
        backups.set(target, bak);
      }
    }
    entries.forEach(([name], i) => {
      const target = join(dir, name);
      fs.renameSync(temps[i]!, target);
      done.push(target);
    });
  } catch (e) {
    // Put back what was replaced; remove what was new.
    for (const target of done.reverse()) {
      const bak = backups.get(target);
      if (bak) quiet(() => fs.renameSync(bak, target));
      else quiet(() => fs.unlinkSync(target));
    }
    for (const t of temps) if (fs.existsSync(t)) quiet(() => fs.unlinkSync(t));
    for (const bak of backups.values()) if (fs.existsSync(bak)) quiet(() => fs.unlinkSync(bak));
    throw e;
  }
  for (const bak of backups.values()) quiet(() => fs.unlinkSync(bak));
}
