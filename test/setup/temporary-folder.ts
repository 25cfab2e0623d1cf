// Global set-up (vitest and Playwright): one temporary folder for the whole run, which TMPDIR names for the test
// processes and every command they start, removed at the end (whatever a test left there goes with it). It is made
// in memory (/dev/shm) when there is room there: the commands sync each output file to disk before renaming it into
// place (src/report/write.ts) and the tests write tens of thousands of files (npm's install of the tarball alone
// took 25 s on this machine's disk, 10 s in memory); the code that runs is the same.
import { chmodSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Free space /dev/shm must have to be used (a container's default /dev/shm has 64 MB). */
const MEMORY_NEEDED = 4 * 2 ** 30;

/** /dev/shm when it is a memory file system with room enough, else the system's temporary folder. */
export function scratchRoot(): string {
  try {
    const s = statfsSync('/dev/shm');
    if (s.bavail * s.bsize >= MEMORY_NEEDED) return '/dev/shm';
  } catch {
    /* no /dev/shm */
  }
  return tmpdir();
}

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(scratchRoot(), 'rolecheck-tests-'));
  // Open to other users as /tmp is (each test's own folder is private): a test runs a script as user 65534.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
