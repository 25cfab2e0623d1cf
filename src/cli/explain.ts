// `rolecheck explain <export> --user U --privilege P --table T [--record R]`
import { key, privilegeIndex, PRIVILEGES, UnknownNameError, type Model } from '../model/index.ts';
import { explainText } from '../explain/explain-text.ts';
import { explain } from '../explain/explain.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';
import { forTerminal, jsonForTerminal } from './terminal.ts';

/** Every unknown name of the question at once, each with suggestions of its own kind (users for --user, …). */
function unknownNames(model: Model, q: { user: string; privilege: string; table: string; record?: string }): string[] {
  const c = model.compiled;
  const out: string[] = [];
  const unknown = (option: string, kind: string, value: string, known: () => Iterable<string>) =>
    out.push(`--${option}: ${new UnknownNameError(kind, value, known()).message}`);
  if (!c.index.user.has(key(q.user))) unknown('user', 'user', q.user, () => c.users.map((u) => u.name));
  if (privilegeIndex(q.privilege) < 0) unknown('privilege', 'privilege', q.privilege, () => PRIVILEGES);
  if (!c.index.table.has(key(q.table))) unknown('table', 'table', q.table, () => c.tables.map((t) => t.name));
  const record = (q.record ?? '').trim();
  if (record && !c.index.record.has(key(record))) unknown('record', 'record', record, () => c.records.map((r) => r.id));
  return out;
}

export async function explainCommand(folder: string, opts: { user: string; privilege: string; table: string; record?: string; json?: boolean; solution?: string[] }): Promise<number> {
  const loaded = await loadOrFail(folder, stderrSay, false, { solutions: opts.solution ?? [] });
  const q = { user: opts.user, privilege: opts.privilege, table: opts.table, ...(opts.record ? { record: opts.record } : {}) };
  const unknown = unknownNames(loaded.model, q);
  if (unknown.length) throw new InputError(unknown.join('\n'));
  let d;
  try {
    d = explain(loaded.model, q);
  } catch (e) {
    if (e instanceof UnknownNameError) throw new InputError(`--${e.kind}: ${e.message}`);
    if (e instanceof Error) throw new InputError(e.message);
    throw e;
  }
  process.stdout.write(opts.json ? jsonForTerminal(JSON.stringify(d, null, 2)) + '\n' : forTerminal(explainText(loaded.model, d, q)));
  return 0;
}
