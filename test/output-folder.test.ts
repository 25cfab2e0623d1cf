// --out switched as a whole (issue 15, red team): the folder holds the files of exactly one run; a failed, killed
// or interrupted run leaves the previous folder as it was; leftovers of dead runs are cleaned up; two runs never
// write one folder at once; a mount point (another file system) works; a file or an unwritable folder fails before
// any work. src/cli/output-folder.ts with injected failures, then the real command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/cli/errors.ts';
import { openOutputFolder, realFolderFs, type FolderFs } from '../src/cli/output-folder.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';
import { REPORT_FILES } from './helpers/output-files.ts';

const base = mkdtempSync(join(tmpdir(), 'rolecheck-out-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
/** A parent folder with a previous report in `out`. */
function previous(): { parent: string; out: string } {
  const parent = join(base, `case-${++n}`);
  const out = join(parent, 'out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'compliance.html'), 'previous report');
  writeFileSync(join(out, 'stale.txt'), 'a file of an older run');
  return { parent, out };
}
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
const PREVIOUS = { 'compliance.html': 'previous report', 'stale.txt': 'a file of an older run' };
/** The id of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('openOutputFolder', () => {
  it("replaces the folder as a whole: the new run's files, nothing of the previous run, no leftovers", () => {
    const { parent, out } = previous();
    const o = openOutputFolder(out);
    expect(readdirSync(parent).sort()).toEqual(['.out.lock', `.out.tmp-${process.pid}`, 'out']);
    writeFileSync(join(o.dir, 'compliance.html'), 'new report');
    writeFileSync(join(o.dir, 'findings.json'), '{}');
    expect(snapshot(out)).toEqual(PREVIOUS); // nothing changes before the switch
    o.commit();
    expect(snapshot(out)).toEqual({ 'compliance.html': 'new report', 'findings.json': '{}' });
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a run that is abandoned leaves the previous folder as it was', () => {
    const { parent, out } = previous();
    const o = openOutputFolder(out);
    writeFileSync(join(o.dir, 'compliance.html'), 'half a report');
    o.abandon();
    expect(snapshot(out)).toEqual(PREVIOUS);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('creates the folder (and its parents) when it does not exist', () => {
    const out = join(base, `case-${++n}`, 'a', 'b');
    const o = openOutputFolder(out);
    writeFileSync(join(o.dir, 'x.txt'), 'x');
    o.commit();
    expect(snapshot(out)).toEqual({ 'x.txt': 'x' });
  });

  it('--out that is a file fails at once, and takes nothing', () => {
    const parent = join(base, `case-${++n}`);
    mkdirSync(parent);
    writeFileSync(join(parent, 'report.html'), 'a file');
    expect(() => openOutputFolder(join(parent, 'report.html'))).toThrow(
      new InputError(`--out: ${join(parent, 'report.html')} is a file; expected a folder (or a path where one can be created)`),
    );
    expect(readdirSync(parent)).toEqual(['report.html']);
  });

  it('never replaces a folder that is not a report, holds what the run reads, or holds the current folder', () => {
    const parent = join(base, `case-${++n}`);
    const notes = join(parent, 'notes');
    mkdirSync(notes, { recursive: true });
    writeFileSync(join(notes, 'todo.txt'), 'mine');
    expect(() => openOutputFolder(notes)).toThrow(
      `--out: ${notes} is not empty and holds no report (todo.txt); it would be replaced as a whole`,
    );
    const exportDir = join(parent, 'reports', 'export');
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(parent, 'reports', 'compliance.html'), 'previous report');
    expect(() => openOutputFolder(join(parent, 'reports'), { protect: [exportDir] })).toThrow(
      `--out: ${join(parent, 'reports')} holds ${exportDir}, and would be replaced as a whole`,
    );
    expect(() => openOutputFolder(process.cwd())).toThrow('holds the current folder');
    expect(() => openOutputFolder(join(process.cwd(), '..'))).toThrow('holds the current folder');
    expect(snapshot(notes)).toEqual({ 'todo.txt': 'mine' });
    expect(readdirSync(parent).sort()).toEqual(['notes', 'reports']);
  });

  it('a folder another live run is writing is refused; the lock of a dead run is taken over', () => {
    const { parent, out } = previous();
    writeFileSync(join(parent, '.out.lock'), `${process.ppid}\n`);
    expect(() => openOutputFolder(out)).toThrow(`another rolecheck run (process ${process.ppid}) is writing ${out}`);
    expect(readFileSync(join(parent, '.out.lock'), 'utf8')).toBe(`${process.ppid}\n`);
    writeFileSync(join(parent, '.out.lock'), `${deadPid()}\n`);
    const o = openOutputFolder(out);
    expect(readFileSync(join(parent, '.out.lock'), 'utf8')).toBe(`${process.pid}\n`);
    o.abandon();
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('removes the temporary folders of dead runs, keeps those of live ones', () => {
    const { parent, out } = previous();
    const dead = deadPid();
    for (const name of [`.out.tmp-${dead}`, `.out.old-${dead}`, `.out.tmp-${process.ppid}`, '.other.tmp-1']) mkdirSync(join(parent, name));
    openOutputFolder(out).abandon();
    expect(readdirSync(parent).sort()).toEqual(['.other.tmp-1', `.out.tmp-${process.ppid}`, 'out']);
  });

  it('puts the previous folder back when a run was killed between the two renames of its switch', () => {
    const { parent, out } = previous();
    const aside = join(parent, `.out.old-${deadPid()}`);
    fs.renameSync(out, aside);
    openOutputFolder(out).abandon();
    expect(snapshot(out)).toEqual(PREVIOUS);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a failed switch puts the previous folder back', () => {
    const { parent, out } = previous();
    const failing: FolderFs = {
      ...realFolderFs,
      renameSync: (a, b) => {
        if (a.includes('.tmp-')) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        fs.renameSync(a, b);
      },
    };
    const o = openOutputFolder(out, { fs: failing });
    writeFileSync(join(o.dir, 'compliance.html'), 'new report');
    expect(() => o.commit()).toThrow('EIO');
    expect(snapshot(out)).toEqual(PREVIOUS);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a move across file systems (EXDEV) is copied instead', () => {
    const { parent, out } = previous();
    const crossDevice: FolderFs = {
      ...realFolderFs,
      renameSync: (a, b) => {
        if (a.includes('.tmp-')) throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
        fs.renameSync(a, b);
      },
    };
    const o = openOutputFolder(out, { fs: crossDevice });
    writeFileSync(join(o.dir, 'compliance.html'), 'new report');
    o.commit();
    expect(snapshot(out)).toEqual({ 'compliance.html': 'new report' });
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a folder that is a mount point is switched from inside (it cannot be renamed)', () => {
    const { parent, out } = previous();
    const mounted: FolderFs = {
      ...realFolderFs,
      statSync: (p) => {
        const s = fs.statSync(p);
        return p === out ? Object.assign(Object.create(Object.getPrototypeOf(s) as object) as fs.Stats, s, { dev: s.dev + 1 }) : s;
      },
    };
    const o = openOutputFolder(out, { fs: mounted });
    expect(o.dir).toBe(join(out, `.rolecheck.tmp-${process.pid}`));
    writeFileSync(join(o.dir, 'compliance.html'), 'new report');
    o.commit();
    expect(snapshot(out)).toEqual({ 'compliance.html': 'new report' });
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a folder that cannot be written fails at once', () => {
    const { out } = previous();
    const readOnly: FolderFs = {
      ...realFolderFs,
      writeFileSync: () => {
        throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
      },
    };
    expect(() => openOutputFolder(out, { fs: readOnly })).toThrow(`--out: ${out} is not writable: cannot create`);
    expect(snapshot(out)).toEqual(PREVIOUS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// the real command

const rolecheck = (args: string[]) => spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });
let log = '';
beforeAll(() => {
  const r = rolecheck(['run', '--tags', '@ENV-001', '--out', join(base, 'log-run')]);
  expect(r.status, r.stderr).toBe(0);
  log = join(base, 'log-run', 'messages.ndjson');
}, 120_000);

/** Starts `rolecheck run` into `out` and resolves once its temporary folder exists (the run is under way). */
async function startRun(out: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [ROLECHECK, 'run', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const tmp = join(out, '..', `.out.tmp-${child.pid}`);
  for (let i = 0; i < 1500 && !existsSync(tmp); i++) await new Promise((r) => setTimeout(r, 10));
  expect(existsSync(tmp), 'the run did not start').toBe(true);
  return child;
}
const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((r) => c.on('exit', (code, signal) => r({ code, signal })));

describe('rolecheck with --out', () => {
  it('--out that is a file fails before any work (the export is not even read)', () => {
    const file = join(base, 'a-file.html');
    writeFileSync(file, 'x');
    const r = rolecheck(['audit', 'examples/contoso', '--out', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`--out: ${file} is a file; expected a folder (or a path where one can be created)\n`);
  });

  it('a second run on the same folder is refused while the first runs; SIGINT stops the first and removes its folder', async () => {
    const { parent, out } = previous();
    const first = await startRun(out);
    const second = rolecheck(['report', '--from', log, '--out', out]);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`another rolecheck run (process ${first.pid}) is writing ${out}`);
    const done = exited(first);
    first.kill('SIGINT');
    expect(await done).toEqual({ code: 130, signal: null });
    expect(snapshot(out)).toEqual(PREVIOUS);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('kill -9 during a run leaves the previous report; the next run removes the leftovers and replaces the folder', async () => {
    const { parent, out } = previous();
    const child = await startRun(out);
    const done = exited(child);
    child.kill('SIGKILL');
    await done;
    expect(snapshot(out)).toEqual(PREVIOUS);
    expect(readdirSync(parent).sort()).toEqual(['.out.lock', `.out.tmp-${child.pid}`, 'out']);
    const r = rolecheck(['report', '--from', log, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(REPORT_FILES);
  });
});

// A real mount point, when this process may mount (root in a container): a tmpfs at --out, and a read-only one.
const mountable = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = join(base, 'probe');
  mkdirSync(probe);
  const ok = spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();

describe.runIf(mountable)('--out on another file system (a tmpfs mounted at --out, as root)', () => {
  const mnt = join(base, 'mnt');
  const ro = join(base, 'ro');
  beforeAll(() => {
    mkdirSync(mnt);
    mkdirSync(ro);
    expect(spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', mnt]).status).toBe(0);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro', 'tmpfs', ro]).status).toBe(0);
  });
  afterAll(() => {
    spawnSync('umount', [mnt]);
    spawnSync('umount', [ro]);
  });

  it("writes the report into the mounted folder, twice, holding one run's files each time", () => {
    writeFileSync(join(mnt, 'compliance.html'), 'an older report');
    writeFileSync(join(mnt, 'stale.txt'), 'a file of an older run');
    for (let i = 0; i < 2; i++) {
      const r = rolecheck(['report', '--from', log, '--out', mnt]);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(mnt).sort()).toEqual(REPORT_FILES);
    }
  });

  it('a read-only --out fails before any work, naming the reason', () => {
    const r = rolecheck(['audit', 'examples/contoso', '--out', join(ro, 'reports')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--out: .*ro\/reports is not writable: cannot create .*\.reports\.lock \(EROFS\)\n$/);
  });
});
