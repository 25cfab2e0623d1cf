// `rolecheck explain <export> --user U --privilege P --table T [--record R]`
import { UnknownNameError } from '../model/index.ts';
import { explainText } from '../explain/explain-text.ts';
import { explain } from '../explain/explain.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';

export async function explainCommand(folder: string, opts: { user: string; privilege: string; table: string; record?: string; json?: boolean }): Promise<number> {
  const loaded = await loadOrFail(folder, stderrSay);
  const q = { user: opts.user, privilege: opts.privilege, table: opts.table, ...(opts.record ? { record: opts.record } : {}) };
  let d;
  try {
    d = explain(loaded.model, q);
  } catch (e) {
    if (e instanceof UnknownNameError) throw new InputError(`--${e.kind}: ${e.message}`);
    if (e instanceof Error) throw new InputError(e.message);
    throw e;
  }
  process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : explainText(loaded.model, d, q));
  return 0;
}
