// `rolecheck explain <export> --user U --privilege P --table T [--record R]`
import { UnknownNameError } from '../model/index.ts';
import { explainText } from '../explain/explain-text.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';

export async function explainCommand(folder: string, opts: { user: string; privilege: string; table: string; record?: string; json?: boolean; solution?: string[] }): Promise<number> {
  const loaded = await loadOrFail(folder, stderrSay, false, { solutions: opts.solution ?? [] });
  const q = { user: opts.user, privilege: opts.privilege, table: opts.table, ...(opts.record ? { record: opts.record } : {}) };
  let d;
  try {
    d = loaded.model.data.explain(q);
  } catch (e) {
    if (e instanceof UnknownNameError) throw new InputError(`--${e.kind === 'record' ? 'record' : e.kind}: ${e.message}`);
    if (e instanceof Error) throw new InputError(e.message);
    throw e;
  }
  process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : explainText(loaded.model, d, q));
  return 0;
}
