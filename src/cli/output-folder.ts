// The output folder of a run (`--out`), switched as a whole: a run writes its files into a new folder beside the
// target (same parent, so the same file system) and only a complete run replaces the target, by renames. So the
// folder holds the files of exactly one run, never a mix; a run that fails, is killed or interrupted leaves the
// previous folder as it was. A lock file keeps two runs from writing the same folder. What a killed run leaves
// behind (its temporary folder, its lock, the previous folder moved aside) is recognised by the process id in its
// name and cleaned up, or put back, by the next run.
//
// When the target is itself a mount point (a volume mounted at --out, a tmpfs), it cannot be renamed: the new
// folder is then made inside it and the entries are switched one by one, still on one file system (no EXDEV).
import * as nodeFs from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from './errors.ts';

/** The file operations used, replaceable in tests (to inject EXDEV, EACCES, a crash between two renames). */
export interface FolderFs {
  existsSync(p: string): boolean;
  lstatSync(p: string): nodeFs.Stats;
  statSync(p: string): nodeFs.Stats;
  realpathSync(p: string): string;
  mkdirSync(p: string, o: { recursive: true }): unknown;
  readdirSync(p: string): string[];
  renameSync(from: string, to: string): void;
  rmSync(p: string, o: { recursive: true; force: true }): void;
  cpSync(from: string, to: string, o: { recursive: true }): void;
  writeFileSync(p: string, data: string, o: { flag: 'wx' }): void;
  readFileSync(p: string, enc: 'utf8'): string;
  unlinkSync(p: string): void;
}
export const realFolderFs: FolderFs = nodeFs as unknown as FolderFs;

/** Is a process with this id running? (A lock or temporary folder of a dead process is stale.) */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OutputFolder {
  /** The folder the run writes into. */
  readonly dir: string;
  /** The folder the run will replace (resolved, symbolic links followed). */
  readonly target: string;
  /** Replaces the target by the run's folder. */
  commit(): void;
  /** Removes the run's folder; the target stays as it was. */
  abandon(): void;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A folder rolecheck may replace: empty, or holding a report (one of these files; environments.json: a report of many environments). */
export const REPORT_MARKERS = ['manifest.json', 'compliance.json', 'compliance.html', 'environments.json'];

/**
 * Checks `--out` and takes it for this run, before any work: a file, an unwritable folder, a folder another run
 * is writing, and a folder that is not a report (or holds the run's inputs, or the current folder) are an
 * InputError now, not after the run. `protect`: folders the run reads (the export, the policies).
 */
export function openOutputFolder(
  out: string,
  opts: { fs?: FolderFs; pid?: number; alive?: (pid: number) => boolean; protect?: readonly string[] } = {},
): OutputFolder {
  const fs = opts.fs ?? realFolderFs;
  const pid = opts.pid ?? process.pid;
  const alive = opts.alive ?? processAlive;
  const why = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

  let target = resolve(out);
  if (fs.existsSync(target)) {
    if (fs.lstatSync(target).isSymbolicLink()) target = fs.realpathSync(target);
    if (!fs.statSync(target).isDirectory())
      throw new InputError(`--out: ${out} is a file; expected a folder (or a path where one can be created)`);
  }
  // The folder is replaced as a whole: never one that holds what the run reads, the current folder, or anything
  // that is not a previous report.
  const inside = (p: string) => {
    const r = resolve(p);
    return r === target || r.startsWith(target.endsWith(sep) ? target : target + sep);
  };
  for (const p of [process.cwd(), ...(opts.protect ?? [])]) {
    if (inside(p))
      throw new InputError(
        `--out: ${out} holds ${resolve(p) === resolve(process.cwd()) ? 'the current folder' : p}, and would be replaced as a whole by the report; give a folder of its own (e.g. reports)`,
      );
  }
  if (fs.existsSync(target)) {
    const entries = fs.readdirSync(target).filter((f) => !f.startsWith('.rolecheck.'));
    if (entries.length > 0 && !REPORT_MARKERS.some((m) => entries.includes(m))) {
      throw new InputError(
        `--out: ${out} is not empty and holds no report (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}); it would be replaced as a whole: give a new or empty folder, or a previous report's`,
      );
    }
  }
  const parent = dirname(target);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new InputError(`--out: cannot create the folder ${parent} (${why(e)})`);
  }
  const mountPoint = fs.existsSync(target) && fs.statSync(target).dev !== fs.statSync(parent).dev;
  // Sibling mode: .<name>.tmp-<pid> beside the target. Mount-point mode: .rolecheck.tmp-<pid> inside it.
  const base = mountPoint ? target : parent;
  const stem = mountPoint ? '.rolecheck' : `.${basename(target)}`;
  const lock = join(base, `${stem}.lock`);
  const tmp = join(base, `${stem}.tmp-${pid}`);
  const aside = join(base, `${stem}.old-${pid}`);

  // The lock: created exclusively; a lock whose process is gone is taken over.
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lock, `${pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' || attempt > 0) {
        if (code === 'EEXIST') throw new InputError(`--out: ${out} is locked by ${lock}, which could not be taken over`);
        throw new InputError(`--out: ${out} is not writable: cannot create ${lock} (${why(e)})`);
      }
      let holder = NaN;
      try {
        holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
      } catch {
        /* unreadable: treat as stale */
      }
      if (alive(holder))
        throw new InputError(
          `--out: another rolecheck run (process ${holder}) is writing ${out}; wait for it to finish (or remove ${lock} if no such process runs)`,
        );
      try {
        fs.unlinkSync(lock);
      } catch {
        /* taken over by someone else: the next attempt tells */
      }
    }
  }
  const release = () => {
    try {
      fs.unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };

  try {
    // Leftovers of dead runs: their temporary folders go; a previous folder moved aside is put back when the run
    // was killed between the two renames of its switch (the target is then missing).
    const leftover = new RegExp(`^${escapeRe(stem)}\\.(tmp|old)-(\\d+)$`);
    for (const name of fs.readdirSync(base)) {
      const m = leftover.exec(name);
      if (!m || alive(Number(m[2]))) continue;
      const p = join(base, name);
      if (m[1] === 'old' && !mountPoint && !fs.existsSync(target)) fs.renameSync(p, target);
      else fs.rmSync(p, { recursive: true, force: true });
    }
    fs.mkdirSync(tmp, { recursive: true });
  } catch (e) {
    release();
    if (e instanceof InputError) throw e;
    throw new InputError(`--out: ${out} is not writable: ${why(e)}`);
  }

  let open = true;
  const move = (from: string, to: string) => {
    try {
      fs.renameSync(from, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      fs.cpSync(from, to, { recursive: true });
      fs.rmSync(from, { recursive: true, force: true });
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    folder.abandon();
    process.stderr.write(`\nrolecheck: interrupted (${signal}); ${out} was left as it was\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const folder: OutputFolder = {
    dir: tmp,
    target,
    commit() {
      if (!open) throw new Error('the output folder was already switched or abandoned');
      open = false;
      try {
        if (mountPoint) {
          fs.mkdirSync(aside, { recursive: true });
          const ours = new Set([basename(tmp), basename(aside), basename(lock)]);
          for (const name of fs.readdirSync(target)) if (!ours.has(name)) move(join(target, name), join(aside, name));
          for (const name of fs.readdirSync(tmp)) move(join(tmp, name), join(target, name));
          fs.rmSync(tmp, { recursive: true, force: true });
          fs.rmSync(aside, { recursive: true, force: true });
        } else if (fs.existsSync(target)) {
          fs.renameSync(target, aside);
          try {
            move(tmp, target);
          } catch (e) {
            fs.renameSync(aside, target);
            throw e;
          }
          fs.rmSync(aside, { recursive: true, force: true });
        } else {
          move(tmp, target);
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
        release();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
    abandon() {
      if (!open) return;
      open = false;
      fs.rmSync(tmp, { recursive: true, force: true });
      release();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return folder;
}
