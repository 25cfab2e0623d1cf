// `rolecheck pull`: reads a live Dataverse environment into a Web API bundle (docs/export-format.md). Read-only GET
// requests on the Web API v9.2 with a Microsoft Entra token (@azure/identity); collections are paged by
// @odata.nextLink; a 429 waits as long as Retry-After says; an expired token is refreshed once; a 403 is explained.
// Every page is written as it arrives into OUT.partial/ with a state file, so that a rerun continues where a failed
// run stopped; the finished bundle then replaces OUT. Sources:
// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api (query, paging with
// Prefer: odata.maxpagesize and @odata.nextLink), .../data-platform/api-limits (429 and Retry-After),
// .../webapi/reference/retrieveroleprivilegesrole, .../webapi/query-metadata-web-api (EntityDefinitions).
// Not yet run against a live environment: tested against a local server that replays the documented shapes.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { predefinedRole } from '../catalog/roles.ts';
import { BUNDLE_FILES, normId, PULL_STATE } from './bundle.ts';
import { quoteValue } from './problems.ts';

export class PullError extends Error {}

export interface PullOptions {
  /** https://ORG.crm.dynamics.com (http only on loopback, for tests). */
  url: string;
  out: string;
  /** Default: client credentials from AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, else device code sign-in. */
  credential?: TokenCredential;
  /** environment.json's type (the Web API does not tell it). Default Production. */
  environmentType?: string;
  /** Rows per page asked for (Prefer: odata.maxpagesize). */
  pageSize?: number;
  /** Retries of one request after 429 before giving up. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** One line of progress (replaces the previous one on a terminal). */
  progress?: (line: string) => void;
  /** Device code prompt and other messages for the person signing in. */
  say?: (line: string) => void;
}

export interface PullSummary {
  url: string;
  out: string;
  files: Array<{ file: string; rows: number; pages: number }>;
  rolePrivilegeFiles: number;
  requests: number;
  throttled: number;
  waitedSeconds: number;
  tokenRefreshes: number;
  resumed: boolean;
  hierarchy: 'read' | 'off' | 'not readable';
}

interface State {
  version: 1;
  url: string;
  done: Record<string, { rows: number; pages: number }>;
  current?: { name: string; next: string; rows: number; pages: number };
}

/** The collections pulled, in order: bundle file name and the request (relative to /api/data/v9.2/). */
export const PULL_REQUESTS: ReadonlyArray<{ name: string; request: string }> = [
  { name: 'businessunits', request: 'businessunits?$select=businessunitid,name,_parentbusinessunitid_value' },
  {
    name: 'systemusers',
    request: 'systemusers?$select=systemuserid,domainname,isdisabled,_businessunitid_value,_parentsystemuserid_value,_positionid_value',
  },
  { name: 'positions', request: 'positions?$select=positionid,name,_parentpositionid_value' },
  { name: 'teams', request: 'teams?$select=teamid,name,teamtype,_businessunitid_value' },
  { name: 'teammembership', request: 'teammemberships?$select=systemuserid,teamid' },
  { name: 'roles', request: 'roles?$select=roleid,name,_businessunitid_value,_parentrootroleid_value,isinherited' },
  { name: 'systemuserroles', request: 'systemuserrolescollection?$select=systemuserid,roleid' },
  { name: 'teamroles', request: 'teamrolescollection?$select=teamid,roleid' },
  // Privileges is a collection of SecurityPrivilegeMetadata (a complex type): selected, not expanded.
  { name: 'entitydefinitions', request: 'EntityDefinitions?$select=LogicalName,SchemaName,OwnershipType,IsCustomEntity,Privileges' },
];

/** What reading each collection needs, for the explanation of a 403. */
const NEEDS: Record<string, string> = {
  businessunits: 'Read on Business Unit (prvReadBusinessUnit)',
  systemusers: 'Read on User (prvReadUser)',
  positions: 'Read on Position (prvReadPosition)',
  teams: 'Read on Team (prvReadTeam)',
  teammembership: 'Read on Team and User',
  roles: 'Read on Security Role (prvReadRole)',
  systemuserroles: 'Read on Security Role and User',
  teamroles: 'Read on Security Role and Team',
  entitydefinitions: 'Read on Entity (prvReadEntity)',
  roleprivileges: 'Read on Security Role (prvReadRole)',
  organization: 'Read on Organization (prvReadOrganization)',
};

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Checks the URL: https (http only on loopback); returns its origin. */
export function environmentOrigin(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PullError(`--url: ${quoteValue(url)} is not a URL; expected https://ORG.crm.dynamics.com`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
    throw new PullError(
      `--url: ${quoteValue(url)} is not https; expected https://ORG.crm.dynamics.com (the environment URL of the Power Platform admin center)`,
    );
  return u.origin;
}

/** The credential of a run: client credentials from the environment (CI), else device code sign-in. */
async function defaultCredential(say: (l: string) => void): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const { AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret } = process.env;
  if (tenantId && clientId && secret) return new identity.ClientSecretCredential(tenantId, clientId, secret);
  return new identity.DeviceCodeCredential({
    ...(tenantId ? { tenantId } : {}),
    ...(clientId ? { clientId } : {}),
    userPromptCallback: (info) => say(info.message),
  });
}

export async function pull(opts: PullOptions): Promise<PullSummary> {
  const origin = environmentOrigin(opts.url);
  const api = `${origin}/api/data/v9.2/`;
  const say = opts.say ?? (() => {});
  const progress = opts.progress ?? (() => {});
  const sleep = opts.sleep ?? sleepReal;
  const maxRetries = opts.maxRetries ?? 8;
  const pageSize = opts.pageSize ?? 5000;
  const out = resolve(opts.out);
  const work = `${out}.partial`;
  const summary: PullSummary = {
    url: origin,
    out: opts.out,
    files: [],
    rolePrivilegeFiles: 0,
    requests: 0,
    throttled: 0,
    waitedSeconds: 0,
    tokenRefreshes: 0,
    resumed: false,
    hierarchy: 'off',
  };

  if (existsSync(out) && !statSync(out).isDirectory()) throw new PullError(`--out: "${opts.out}" exists and is not a folder`);
  if (existsSync(out)) {
    const other = readdirSync(out).filter((f) => !isBundleEntry(f));
    if (other.length)
      throw new PullError(
        `--out: "${opts.out}" holds files that are not part of a bundle (${other
          .slice(0, 3)
          .map((f) => quoteValue(f))
          .join(', ')}); choose a new or empty folder`,
      );
  }
  let state: State = { version: 1, url: origin, done: {} };
  const statePath = join(work, PULL_STATE);
  if (existsSync(statePath)) {
    const prev = JSON.parse(readFileSync(statePath, 'utf8')) as State;
    if (prev.url !== origin)
      throw new PullError(
        `"${basename(work)}" holds a partial bundle of ${prev.url}, not of ${origin}: remove it, or pull ${prev.url} again to continue`,
      );
    state = prev;
    summary.resumed = true;
    say(`rolecheck pull: continuing the partial bundle in ${work}`);
  } else {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'roleprivileges'), { recursive: true });
  }
  const saveState = () => writeAtomic(statePath, JSON.stringify(state, null, 1));
  saveState();

  const credential = opts.credential ?? (await defaultCredential(say));
  const scope = `${origin}/.default`;
  let token: AccessToken | null = null;
  const getToken = async (): Promise<string> => {
    token = await credential.getToken(scope);
    if (!token) throw new PullError('the sign-in gave no access token');
    return token.token;
  };

  /** One GET: 429 waits and retries, 401 refreshes the token once, anything else but 200 is an error. */
  const get = async (url: string, what: string): Promise<Record<string, unknown>> => {
    if (new URL(url).origin !== origin)
      throw new PullError(
        `the environment answered with a link to another site (${quoteValue(url)}); rolecheck sends its token only to ${origin}`,
      );
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const bearer = token ? token.token : await getToken();
      summary.requests++;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'GET',
          headers: {
            Authorization: `Bearer ${bearer}`,
            Accept: 'application/json',
            'OData-Version': '4.0',
            'OData-MaxVersion': '4.0',
            Prefer: `odata.maxpagesize=${pageSize}`,
          },
        });
      } catch (e) {
        throw new PullError(
          `GET ${url} failed: ${e instanceof Error ? e.message : String(e)}; the partial bundle is kept: run the same command again to continue`,
        );
      }
      if (res.status === 200) return (await res.json()) as Record<string, unknown>;
      const body = await res.text();
      if (res.status === 429 && attempt < maxRetries) {
        const wait = retryAfterSeconds(res.headers.get('retry-after'));
        summary.throttled++;
        summary.waitedSeconds += wait;
        progress(`pull: ${what}: the environment asks to wait ${wait} s (429, service protection limit)`);
        await sleep(wait * 1000);
        continue;
      }
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        summary.tokenRefreshes++;
        await getToken();
        continue;
      }
      throw new PullError(explain(res.status, url, what, body, maxRetries));
    }
  };

  const writePage = (name: string, n: number, doc: Record<string, unknown>) =>
    writeAtomic(join(work, n === 1 ? `${name}.json` : `${name}.${n}.json`), JSON.stringify(doc) + '\n');

  // environment.json: the organization's name; the type is not in the Web API.
  if (!state.done.environment) {
    const org = await get(`${api}organizations?$select=name`, 'organization');
    const name =
      Array.isArray(org.value) && org.value[0] && typeof (org.value[0] as Record<string, unknown>).name === 'string'
        ? ((org.value[0] as Record<string, unknown>).name as string)
        : new URL(origin).hostname.split('.')[0]!;
    writePage('environment', 1, { value: [{ name, type: opts.environmentType ?? 'Production', dataverse: true }] });
    state.done.environment = { rows: 1, pages: 1 };
    saveState();
  }
  // Collections, page by page.
  for (const { name, request } of PULL_REQUESTS) {
    if (state.done[name]) continue;
    let next = state.current?.name === name ? state.current.next : `${api}${request}`;
    let pages = state.current?.name === name ? state.current.pages : 0;
    let rows = state.current?.name === name ? state.current.rows : 0;
    for (;;) {
      progress(`pull: ${name} page ${pages + 1} (${rows} rows so far)`);
      const doc = await get(next, name);
      pages++;
      rows += Array.isArray(doc.value) ? doc.value.length : 0;
      writePage(name, pages, doc);
      const link = doc['@odata.nextLink'];
      if (typeof link === 'string') {
        next = link;
        state.current = { name, next, rows, pages };
        saveState();
        continue;
      }
      break;
    }
    state.done[name] = { rows, pages };
    delete state.current;
    saveState();
  }
  // Role privileges of every custom root role.
  const roles = readPages(work, 'roles');
  const roots = roles.filter(
    (r) =>
      typeof r.roleid === 'string' &&
      (r._parentrootroleid_value === null ||
        r._parentrootroleid_value === undefined ||
        normId(String(r._parentrootroleid_value)) === normId(String(r.roleid))),
  );
  const custom = roots.filter((r) => !predefinedRole(String(r.name ?? '')));
  let i = 0;
  for (const r of custom) {
    i++;
    const id = normId(String(r.roleid));
    const file = join(work, 'roleprivileges', `${id}.json`);
    if (!existsSync(file)) {
      progress(`pull: role privileges ${i}/${custom.length}`);
      const doc = await get(`${api}roles(${id})/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole()`, 'roleprivileges');
      writeAtomic(file, JSON.stringify(doc) + '\n');
    }
    summary.rolePrivilegeFiles++;
  }
  // Hierarchy settings: optional; an environment that cannot say them leaves hierarchy.json out (said in the summary).
  if (!state.done.hierarchy) {
    try {
      const o = await get(
        `${api}organizations?$select=ishierarchicalsecuritymodelenabled,maxdepthforhierarchicalsecuritymodel,usepositionhierarchy`,
        'organization',
      );
      const row = Array.isArray(o.value) ? (o.value[0] as Record<string, unknown> | undefined) : undefined;
      if (row && row.ishierarchicalsecuritymodelenabled === true) {
        const depth = typeof row.maxdepthforhierarchicalsecuritymodel === 'number' ? row.maxdepthforhierarchicalsecuritymodel : 3;
        writePage('hierarchy', 1, { value: [{ model: row.usepositionhierarchy === true ? 'position' : 'manager', depth }] });
        summary.hierarchy = 'read';
      }
    } catch (e) {
      if (!(e instanceof PullError)) throw e;
      summary.hierarchy = 'not readable';
      say(`rolecheck pull: the hierarchy security settings could not be read (${e.message.split(';')[0]}); hierarchy.json is left out`);
    }
    state.done.hierarchy = { rows: 0, pages: 0 };
    saveState();
  }
  progress('');
  for (const f of BUNDLE_FILES) {
    const d = state.done[f.name];
    if (d && d.pages > 0) summary.files.push({ file: `${f.name}.json`, rows: d.rows, pages: d.pages });
  }
  // Done: the state file goes, and the bundle replaces OUT.
  rmSync(statePath);
  if (existsSync(out)) {
    const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
    renameSync(out, old);
    renameSync(work, out);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(work, out);
  return summary;
}

/** Files a bundle folder may hold (an earlier pull): replaced by a new one. */
function isBundleEntry(f: string): boolean {
  return f === 'roleprivileges' || f === PULL_STATE || /^[a-z]+(\.\d+)?\.json$/i.test(f);
}

function readPages(dir: string, name: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let n = 1; ; n++) {
    const f = join(dir, n === 1 ? `${name}.json` : `${name}.${n}.json`);
    if (!existsSync(f)) break;
    const doc = JSON.parse(readFileSync(f, 'utf8')) as { value?: unknown };
    if (Array.isArray(doc.value)) for (const r of doc.value) if (r && typeof r === 'object') out.push(r as Record<string, unknown>);
  }
  return out;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Retry-After: seconds, or an HTTP date; without one, 5 seconds. */
export function retryAfterSeconds(h: string | null, now = Date.now()): number {
  if (!h) return 5;
  if (/^\d+$/.test(h.trim())) return Number(h.trim());
  const t = Date.parse(h);
  return Number.isNaN(t) ? 5 : Math.max(0, Math.ceil((t - now) / 1000));
}

function dataverseMessage(body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: { message?: unknown } }).error;
    if (e && typeof e.message === 'string') return e.message;
  } catch {
    /* not JSON */
  }
  return body.slice(0, 300);
}

function explain(status: number, url: string, what: string, body: string, maxRetries: number): string {
  const said = dataverseMessage(body);
  const path = new URL(url).pathname + new URL(url).search;
  const keep = 'the partial bundle is kept: run the same command again to continue';
  if (status === 403) {
    return `GET ${path} was refused (403 Forbidden): the signed-in identity may not read ${what}; it needs ${NEEDS[what] ?? 'Read on that table'} at Organization level. Give it a security role that reads business units, users, teams, security roles and table definitions (System Administrator, or a custom read-only role), then run the same command again; Dataverse said: ${quoteValue(said)}; ${keep}`;
  }
  if (status === 401)
    return `GET ${path} was refused twice (401 Unauthorized), also with a fresh token: sign in with an account of this environment's tenant; Dataverse said: ${quoteValue(said)}; ${keep}`;
  if (status === 429)
    return `GET ${path}: the environment still throttles after ${maxRetries} waits (429, service protection limits); ${keep}`;
  return `GET ${path} failed with HTTP ${status}; Dataverse said: ${quoteValue(said)}; ${keep}`;
}
