// Shared by the export tests: temporary export folders, specs without origins, and every decision of a model.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../../src/model/index.ts';
import { PRIVILEGES } from '../../src/vocabulary/index.ts';

export const BASE: Record<string, string> = {
  'environment.csv': 'name,type,dataverse\nFabrikam,Sandbox,true\n',
  'business-units.csv': 'name,parent\nFabrikam,\nSales,Fabrikam\n',
  'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,true\nben@fabrikam.com,Fabrikam,true\n',
};

/** A temporary export folder: BASE with `files` added or replaced. */
export function exportDir(files: Record<string, string>, base: Record<string, string> = BASE): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolecheck-export-'));
  for (const [f, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

/** The spec without origins, as plain data. */
export const strip = <T>(x: T): T => JSON.parse(JSON.stringify(x, (k, v) => (k === 'origin' ? undefined : v))) as T;

/** Every decision of a model: each user, each record and each privilege; Create and organization-owned tables without a record. */
export function decisions(model: Model): string[] {
  const c = model.compiled;
  const out: string[] = [];
  for (const u of c.users) {
    for (const r of c.records)
      for (const p of PRIVILEGES)
        if (p !== 'Create')
          out.push(
            `${u.name}|${p}|${r.id}|${model.data.can({ user: u.name, privilege: p, table: c.tables[r.table]!.name, record: r.id })}`,
          );
    for (const t of c.tables) {
      out.push(`${u.name}|Create|${t.name}|${model.data.can({ user: u.name, privilege: 'Create', table: t.name })}`);
      if (t.organizationOwned)
        for (const p of PRIVILEGES)
          if (p !== 'Create') out.push(`${u.name}|${p}|${t.name}|${model.data.can({ user: u.name, privilege: p, table: t.name })}`);
    }
  }
  return out.sort();
}

/** The summary table's resources, in the order of the documented matrix. */
export const MATRIX_RESOURCES: readonly string[] = [
  'canvas-app',
  'cloud-flow',
  'connector',
  'connection',
  'data-gateway',
  'dataflow',
  'dataverse-tables',
  'model-driven-app',
  'solution-framework',
  'desktop-flow',
  'ai-builder',
];

/** The custom roles of the bundled example (examples/contoso), sorted. */
export const EXAMPLE_CUSTOM_ROLES: readonly string[] = [
  'AP Clerk',
  'AP Team Role',
  'Finance Controller',
  'Invoice Reader',
  'Maker Plus',
  'Project Contributor',
  'Sales Manager',
  'Salesperson',
  'Support Agent',
];
