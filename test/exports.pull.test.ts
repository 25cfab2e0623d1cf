// rolecheck pull against a local server on loopback that answers as the Dataverse Web API does: collections in
// pages (Prefer: odata.maxpagesize, @odata.nextLink), RetrieveRolePrivilegesRole, a 429 with Retry-After, an
// expired token, a 403. The data is examples/contoso-bundle; the pulled bundle must decide as it does.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExport } from '../src/exports/load.ts';
import { pull, PullError, retryAfterSeconds, type PullOptions } from '../src/exports/pull.ts';
import { strip } from './helpers/exports.ts';

const BUNDLE = 'examples/contoso-bundle';
const rowsOf = (name: string): unknown[] => {
  const out: unknown[] = [];
  for (let n = 1; existsSync(join(BUNDLE, n === 1 ? `${name}.json` : `${name}.${n}.json`)); n++)
    out.push(
      ...(JSON.parse(readFileSync(join(BUNDLE, n === 1 ? `${name}.json` : `${name}.${n}.json`), 'utf8')) as { value: unknown[] }).value,
    );
  return out;
};
const SETS: Record<string, string> = {
  businessunits: 'businessunits',
  systemusers: 'systemusers',
  positions: '',
  teams: 'teams',
  teammemberships: 'teammembership',
  roles: 'roles',
  systemuserrolescollection: 'systemuserroles',
  teamrolescollection: 'teamroles',
  EntityDefinitions: 'entitydefinitions',
};

interface Behaviour {
  /** Paths (entity set names) answered once with 429 before the real answer. */
  throttle?: Set<string>;
  /** Entity sets answered 403 while this is true. */
  forbid?: { set: string; until: () => boolean };
  /** The first token is refused on this entity set (it has expired). */
  expireFirstTokenOn?: string;
  /** This entity set's first page links to another site. */
  foreignNextOn?: string;
}

interface Fake {
  server: Server;
  url: string;
  log: Array<{ method: string; path: string; token: string; prefer: string }>;
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function fakeDataverse(b: Behaviour = {}): Promise<Fake> {
  const log: Fake['log'] = [];
  const throttled = new Set<string>();
  const server = createServer((req: IncomingMessage, res) => {
    const u = new URL(req.url!, 'http://127.0.0.1');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const prefer = String(req.headers.prefer ?? '');
    log.push({ method: req.method!, path: u.pathname + u.search, token, prefer });
    const send = (status: number, doc: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal', ...headers });
      res.end(JSON.stringify(doc));
    };
    if (req.method !== 'GET') return send(405, { error: { code: '0x80060888', message: 'only GET here' } });
    const path = u.pathname.replace(/^\/api\/data\/v9\.2\//, '');
    const role = /^roles\(([0-9a-f-]+)\)\/Microsoft\.Dynamics\.CRM\.RetrieveRolePrivilegesRole\(\)$/.exec(path);
    const set = role ? 'roles' : path;
    if (b.expireFirstTokenOn === set && token === 't1')
      return send(
        401,
        { error: { code: '0x80072182', message: 'Bearer token expired' } },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      );
    if (b.throttle?.has(set) && !throttled.has(set)) {
      throttled.add(set);
      return send(429, { error: { code: '0x80072322', message: 'Number of requests exceeded the limit' } }, { 'Retry-After': '2' });
    }
    if (b.forbid?.set === set && b.forbid.until())
      return send(403, { error: { code: '0x80040220', message: `Principal user is missing prvRead privilege on ${set}` } });
    if (b.foreignNextOn === set)
      return send(200, { value: [], '@odata.nextLink': `https://elsewhere.example/api/data/v9.2/${set}?$skiptoken=1` });
    if (role) {
      const f = join(BUNDLE, 'roleprivileges', `${role[1]}.json`);
      return existsSync(f) ? send(200, JSON.parse(readFileSync(f, 'utf8'))) : send(200, { RolePrivileges: [] });
    }
    if (path === 'organizations') {
      return u.searchParams.get('$select') === 'name'
        ? send(200, { value: [{ name: 'Contoso Production' }] })
        : send(200, { value: [{ ishierarchicalsecuritymodelenabled: false }] });
    }
    const name = SETS[path];
    if (name === undefined) return send(404, { error: { code: '0x80060888', message: `Resource not found for the segment '${path}'.` } });
    const rows = name ? rowsOf(name) : [];
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 5000);
    const skip = Number(u.searchParams.get('$skiptoken') ?? 0);
    const page = rows.slice(skip, skip + size);
    const more = skip + size < rows.length;
    const next = new URL(u.toString().replace('http://127.0.0.1', base));
    next.searchParams.set('$skiptoken', String(skip + size));
    return send(200, {
      '@odata.context': `${base}/api/data/v9.2/$metadata#${path}`,
      value: page,
      ...(more ? { '@odata.nextLink': next.toString() } : {}),
    });
  });
  let base = '';
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  servers.push(server);
  return { server, url: base, log };
}

/** A TokenCredential that hands out t1, t2, … and counts the calls. */
function fakeCredential(): TokenCredential & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getToken: async (scope: string | string[]): Promise<AccessToken> => {
      calls.push(String(scope));
      return { token: `t${calls.length}`, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

const run = (fake: Fake, out: string, extra: Partial<PullOptions> = {}) => {
  const waits: number[] = [];
  const lines: string[] = [];
  const p = pull({
    url: fake.url,
    out,
    credential: extra.credential ?? fakeCredential(),
    pageSize: 10,
    sleep: async (ms) => {
      waits.push(ms);
    },
    progress: (l) => lines.push(l),
    say: (l) => lines.push(l),
    ...extra,
  });
  return { p, waits, lines };
};

describe('rolecheck pull', () => {
  it('pages, waits on 429, refreshes an expired token, and writes a bundle that decides as the original', async () => {
    const fake = await fakeDataverse({ throttle: new Set(['teams']), expireFirstTokenOn: 'roles' });
    const out = join(mkdtempSync(join(tmpdir(), 'rolecheck-pull-')), 'bundle');
    const cred = fakeCredential();
    const { p, waits } = run(fake, out, { credential: cred });
    const s = await p;
    expect(fake.log.every((l) => l.method === 'GET')).toBe(true);
    expect(fake.log.every((l) => l.prefer === 'odata.maxpagesize=10')).toBe(true);
    expect(waits).toEqual([2000]);
    expect(cred.calls).toEqual([`${fake.url}/.default`, `${fake.url}/.default`]);
    // The first token is refused once, on the first page of roles; every later request carries the fresh one.
    const tokens = fake.log.map((l) => l.token);
    const refused = fake.log.findIndex((l) => l.path.startsWith('/api/data/v9.2/roles?'));
    expect(tokens.slice(0, refused + 1).every((t) => t === 't1')).toBe(true);
    expect(tokens.slice(refused + 1).every((t) => t === 't2')).toBe(true);
    expect(fake.log[refused + 1]!.path).toBe(fake.log[refused]!.path);
    expect(s).toMatchObject({ throttled: 1, waitedSeconds: 2, tokenRefreshes: 1, resumed: false, rolePrivilegeFiles: 9, hierarchy: 'off' });
    expect(s.files.find((f) => f.file === 'systemusers.json')).toEqual({ file: 'systemusers.json', rows: 29, pages: 3 });
    expect(s.files.find((f) => f.file === 'roles.json')).toEqual({ file: 'roles.json', rows: 176, pages: 18 });
    expect(readdirSync(out).filter((f) => f.startsWith('systemusers'))).toEqual([
      'systemusers.2.json',
      'systemusers.3.json',
      'systemusers.json',
    ]);
    expect(existsSync(`${out}.partial`)).toBe(false);
    // pull reads no rows (records.json, principalobjectaccess.json), and the privileges of custom roles only (a
    // predefined role keeps its documented definition): everything else is the original environment.
    const pulled = await loadExport(out);
    const original = await loadExport(BUNDLE);
    const custom = new Set(original.spec.roles!.map((r) => r.name));
    const comparable = (spec: typeof original.spec) =>
      strip({ ...spec, records: [], shares: [], rolePrivileges: spec.rolePrivileges!.filter((r) => custom.has(r.role)) });
    expect(comparable(pulled.spec)).toEqual(comparable(original.spec));
    expect(pulled.spec.records).toEqual([]);
    expect(pulled.spec.rolePrivileges!.length).toBeGreaterThan(60);
  });

  it('a 403 is explained and keeps the partial bundle; the rerun continues where it stopped', async () => {
    let forbidden = true;
    const fake = await fakeDataverse({ forbid: { set: 'roles', until: () => forbidden } });
    const out = join(mkdtempSync(join(tmpdir(), 'rolecheck-pull-')), 'bundle');
    const first = run(fake, out);
    const err = await first.p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PullError);
    expect((err as Error).message).toMatch(
      /^GET \/api\/data\/v9\.2\/roles\?\$select=roleid,name,_businessunitid_value,_parentrootroleid_value,isinherited was refused \(403 Forbidden\): the signed-in identity may not read roles; it needs Read on Security Role \(prvReadRole\) at Organization level\..*Dataverse said: "Principal user is missing prvRead privilege on roles"; the partial bundle is kept: run the same command again to continue$/,
    );
    expect(existsSync(join(`${out}.partial`, '.pull-state.json'))).toBe(true);
    expect(existsSync(out)).toBe(false);
    await expect(loadExport(`${out}.partial`)).rejects.toThrow(/the bundle is incomplete: `rolecheck pull` did not finish/);
    const before = fake.log.length;
    forbidden = false;
    const second = run(fake, out);
    const s = await second.p;
    expect(s.resumed).toBe(true);
    const again = fake.log.slice(before).map((l) => l.path.split('?')[0]);
    expect(again).not.toContain('/api/data/v9.2/systemusers');
    expect(again).not.toContain('/api/data/v9.2/teams');
    expect(again[0]).toBe('/api/data/v9.2/roles');
    const original = await loadExport(BUNDLE);
    const custom = new Set(original.spec.roles!.map((r) => r.name));
    expect(strip((await loadExport(out)).spec.rolePrivileges)).toEqual(
      strip(original.spec.rolePrivileges!.filter((r) => custom.has(r.role))),
    );
  });

  it('refuses a URL that is not https, a link to another site, and an output folder holding other files', async () => {
    await expect(pull({ url: 'http://contoso.crm.dynamics.com', out: 'x', credential: fakeCredential() })).rejects.toThrow(
      '--url: "http://contoso.crm.dynamics.com" is not https; expected https://ORG.crm.dynamics.com',
    );
    const dir = mkdtempSync(join(tmpdir(), 'rolecheck-pull-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const fake = await fakeDataverse({ foreignNextOn: 'teams' });
    await expect(run(fake, dir).p).rejects.toThrow(/holds files that are not part of a bundle \("notes\.txt"\)/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    await expect(run(fake, join(dir, 'bundle')).p).rejects.toThrow(
      `the environment answered with a link to another site ("https://elsewhere.example/api/data/v9.2/teams?$skiptoken=1"); rolecheck sends its token only to ${fake.url}`,
    );
    expect(fake.log.every((l) => new URL(l.path, fake.url).origin === fake.url)).toBe(true);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('7')).toBe(7);
    expect(retryAfterSeconds(null)).toBe(5);
    expect(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
  });
});
