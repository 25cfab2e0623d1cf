// The delta as a reviewer reads it in a terminal or a CI log: escalations first, then removals and other changes,
// each item one sentence with its path indented below. Long lists are cut (the JSON keeps every item).
import type { AccessDelta, DeltaItem } from './delta.ts';

/** Items printed per group before "… and N more". */
export const TEXT_ITEM_LIMIT = 200;

export interface DeltaTextOptions {
  /** Waiver ids by item id (the audit shows which escalations are approved by a waiver). */
  waivedBy?: ReadonlyMap<string, string>;
  limit?: number;
}

export function deltaText(d: AccessDelta, opts: DeltaTextOptions = {}): string {
  const limit = opts.limit ?? TEXT_ITEM_LIMIT;
  const lines = [
    `Changes from ${d.from.label} (${d.from.environment}${d.from.approvedUtc ? `, approved ${d.from.approvedUtc}` : ''}) to ${d.to.label} (${d.to.environment}):`,
  ];
  if (!d.items.length) return `${lines[0]} none.\n`;
  const esc = d.items.filter((i) => i.escalation);
  const rest = d.items.filter((i) => !i.escalation);
  const group = (title: string, list: DeltaItem[]) => {
    if (!list.length) return;
    lines.push('', `${title} (${list.length})`);
    const entries = condense(list);
    for (const e of entries.slice(0, limit)) {
      const i = e.items[0]!;
      const waivers = [...new Set(e.items.map((x) => opts.waivedBy?.get(x.id)).filter((x): x is string => !!x))];
      const mark = i.escalation ? '+' : i.kind.endsWith('removed') || i.kind.endsWith('narrowed') || i.kind === 'user-disabled' ? '-' : '~';
      lines.push(
        `  ${mark} ${e.text}${waivers.length ? `  [waived by ${waivers.join(', ')}${waivers.length && e.items.some((x) => !opts.waivedBy?.get(x.id)) ? ' in part' : ''}]` : ''}`,
      );
      for (const p of i.path) lines.push(`      ${p}`);
    }
    if (entries.length > limit) lines.push(`  … and ${entries.length - limit} more (--json lists every item)`);
  };
  group('Escalations', esc);
  group('Removals and other changes', rest);
  lines.push(
    '',
    `${d.counts.total} change${d.counts.total === 1 ? '' : 's'}, ${d.counts.escalations} escalation${d.counts.escalations === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Access items of one user on one table with the same depths and path read as one line ("can Create, Read, Write
 * rows of account at Global depth"): a new System Administrator is one line a table, not eight.
 */
export function condense(list: readonly DeltaItem[]): Array<{ text: string; items: DeltaItem[] }> {
  const out: Array<{ text: string; items: DeltaItem[] }> = [];
  const open = new Map<string, { text: string; items: DeltaItem[] }>();
  for (const i of list) {
    if (!i.kind.startsWith('access-') || !i.privilege) {
      out.push({ text: i.text, items: [i] });
      continue;
    }
    const k = `${i.kind}|${i.user}|${i.table}|${i.before}|${i.after}|${i.path.join('|')}`;
    const e = open.get(k);
    if (!e) {
      const n = { text: i.text, items: [i] };
      open.set(k, n);
      out.push(n);
      continue;
    }
    e.items.push(i);
    const privileges = e.items.map((x) => x.privilege).join(', ');
    e.text =
      i.kind === 'access-removed'
        ? `${i.user} can no longer ${privileges} rows of ${i.table} (was ${i.before}).`
        : i.kind === 'access-narrowed'
          ? `${i.user} can ${privileges} rows of ${i.table} at ${i.after} depth only (was ${i.before}).`
          : `${i.user} can ${privileges} rows of ${i.table} at ${i.after} depth${i.before !== 'None' ? ` (was ${i.before})` : ''}, through ${i.path.map((p) => p.split(': ')[0]).join(', ')}.`;
  }
  return out;
}
