// `rolecheck explain <export> --user U --privilege P --table T [--record R]`
import { UnknownNameError, validateQuery, type Model, type QueryProblem } from '../model/index.ts';
import { explainText } from '../explain/explain-text.ts';
import { explain } from '../explain/explain.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';
import { forTerminal, jsonForTerminal } from './terminal.ts';

/** Every problem of the question at once (the one validator, src/model/query.ts), each with suggestions of its kind. */
function problemsOf(model: Model, q: { user: string; privilege: string; table: string; record?: string }): string[] {
  const problems: QueryProblem[] = [];
  validateQuery(model.compiled, q, problems);
  return problems.map((p) => {
    const value = p.message.includes(`"${p.value}"`) || !p.value ? '' : ` "${p.value}"`;
    const hint = p.suggestions?.length ? `; did you mean ${p.suggestions.map((x) => `"${x}"`).join(' or ')}?` : '';
    return `--${p.field}: ${p.message}${value}${hint}`;
  });
}

export async function explainCommand(
  folder: string,
  opts: { user: string; privilege: string; table: string; record?: string; json?: boolean; solution?: string[] },
): Promise<number> {
  const loaded = await loadOrFail(folder, stderrSay, false, { solutions: opts.solution ?? [] });
  const q = { user: opts.user, privilege: opts.privilege, table: opts.table, ...(opts.record ? { record: opts.record } : {}) };
  const problems = problemsOf(loaded.model, q);
  if (problems.length) throw new InputError(problems.join('\n'));
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
