// The environment layer: environment roles, administrative actions, and who may author which resource.
import { R } from '../catalog/model-rules.ts';
import { MATRIX_ROLES, RESOURCES, resource as findResource, type FlowKind, type MatrixRole, type Resource } from '../catalog/resources.ts';
import type { Compiled } from './compiled.ts';
import type { DataverseDecisions } from './dataverse.ts';
import type { Questions } from './questions.ts';
import { UnknownNameError } from './errors.ts';
import { Depth, key } from '../vocabulary/index.ts';

export const ADMIN_ACTIONS = [
  'manage environment role members', 'provision a database', 'view and manage all resources',
  'set data loss prevention policies', 'manage security roles', 'view all data',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export const SHARE_TARGETS = ['user', 'security group', 'organization'] as const;
export type AppShareTarget = (typeof SHARE_TARGETS)[number];
const FLOW_KINDS: readonly FlowKind[] = ['solution-aware', 'non-solution-aware'];

export interface EnvDecision {
  allowed: boolean;
  /** A partial allow: only for resources of this kind (cloud flows). */
  condition?: string;
  via: string[];
  rules: string[];
  reason: string;
}


/** The AI Builder table access that the AI Builder page attributes to Environment Maker (AIB-006). */
export const MAKER_AI_PROFILE: Array<{ table: string; privilege: number; depth: Depth }> = [
  ...['msdyn_aimodel', 'msdyn_aiconfiguration', 'msdyn_aibdatasetscontainer', 'msdyn_aibdataset', 'msdyn_aibfile']
    .flatMap((t) => [0, 1, 2].map((p) => ({ table: t, privilege: p, depth: Depth.Basic }))),
  { table: 'msdyn_aitemplate', privilege: 1, depth: Depth.Global },
];

export class EnvironmentDecisions {
  private readonly c: Compiled;
  private readonly data: DataverseDecisions;
  private readonly q: Questions;
  constructor(c: Compiled, data: DataverseDecisions, q: Questions) { this.c = c; this.data = data; this.q = q; }

  private userIndex(name: string): number {
    const u = this.c.index.user.get(key(name));
    if (u === undefined) throw new UnknownNameError('user', name, this.c.users.map((x) => x.name));
    return u;
  }

  /** The matrix roles a user holds, and how (automatic Maker membership, assignment, team). */
  matrixRoles(userName: string): Map<MatrixRole, string> {
    const u = this.userIndex(userName);
    const out = new Map<MatrixRole, string>();
    const env = this.c.environmentRoles[u]!;
    if (env.has('Environment Admin')) out.set('Environment Admin', 'Environment Admin (assigned)');
    out.set('Environment Maker', env.has('Environment Maker') ? 'Environment Maker (assigned)' : 'Environment Maker (automatic when added to the environment)');
    if (this.c.dataverse) {
      for (const h of this.q.rolesOf(userName)) {
        const r = this.c.roles[this.c.index.role.get(key(h.role))!]!;
        const name = r.predefined?.impliesRole ?? r.name;
        if (name === 'System Administrator' || name === 'System Customizer') {
          const how = `${r.name}${h.team ? ` through team ${h.team}` : ''}`;
          if (!out.has(name)) out.set(name, how);
        }
      }
    }
    return out;
  }

  /** A disabled user can do nothing (DV-015). */
  private disabled(userName: string): EnvDecision | undefined {
    const user = this.c.users[this.userIndex(userName)]!;
    return user.enabled ? undefined : { allowed: false, via: [], rules: [R.disabledUsers], reason: `Denied: ${user.name} is disabled, and a disabled user can do nothing.` };
  }

  canAuthor(userName: string, resourceName: string, flowKind?: FlowKind): EnvDecision {
    const res = findResource(resourceName);
    if (!res) throw new UnknownNameError('resource', resourceName, RESOURCES.map((r) => r.name));
    const off = this.disabled(userName); if (off) return off;
    const held = this.matrixRoles(userName);
    const d = this.authorWith([...held.keys()], res, flowKind, held);
    if (d.allowed || !this.c.dataverse) return d;
    // Custom roles: the Dataverse privilege that authoring needs.
    const custom = this.customRoleAuthor(userName, res, flowKind);
    return custom ?? d;
  }

  /** The summary table's answer for a set of predefined roles, before any custom role. */
  authorWith(roles: MatrixRole[], res: Resource, flowKind?: FlowKind, how?: Map<MatrixRole, string>): EnvDecision {
    if (res.needsDataverse && !this.c.dataverse) {
      return { allowed: false, via: [], rules: [res.ruleId, 'ENV-002'], reason: `Denied: ${res.name} needs a Dataverse database, and this environment has none.` };
    }
    if (res.id === 'desktop-flow' && this.c.type === 'Teams') {
      return { allowed: false, via: [], rules: ['RES-012'], reason: 'Denied: Dataverse for Teams environments get no desktop flows until they are upgraded to full Dataverse and desktop flow licences are bought.' };
    }
    const grants: Array<{ role: MatrixRole; only?: FlowKind }> = [];
    for (const r of MATRIX_ROLES) if (roles.includes(r) && res.cells[r].allow) grants.push({ role: r, ...(res.cells[r].only ? { only: res.cells[r].only } : {}) });
    const full = grants.filter((g) => !g.only || g.only === flowKind);
    const partial = grants.filter((g) => g.only && flowKind === undefined);
    const label = (r: MatrixRole) => how?.get(r) ?? r;
    if (full.some((g) => !g.only)) {
      const g = full.filter((x) => !x.only);
      return { allowed: true, via: g.map((x) => label(x.role)), rules: [res.ruleId], reason: `Allowed: ${g.map((x) => x.role).join(' and ')} may author ${res.name} (summary table).` };
    }
    if (full.length) {
      return { allowed: true, condition: `${flowKind} only`, via: full.map((x) => label(x.role)), rules: [res.ruleId], reason: `Allowed: ${full.map((x) => x.role).join(' and ')} may author ${flowKind} ${res.name.toLowerCase()}s (summary table).` };
    }
    if (partial.length) {
      const kinds = [...new Set(partial.map((g) => g.only!))];
      // Roles that together cover every kind of flow (Maker: outside solutions, Customizer: inside) author any flow.
      if (kinds.length === FLOW_KINDS.length) {
        return { allowed: true, via: partial.map((x) => label(x.role)), rules: [res.ruleId], reason: `Allowed: ${partial.map((x) => `${x.role} authors ${x.only} ${res.name.toLowerCase()}s`).join(' and ')}, so together every ${res.name.toLowerCase()} (summary table).` };
      }
      return { allowed: true, condition: `${kinds.join(' and ')} only`, via: partial.map((x) => label(x.role)), rules: [res.ruleId], reason: `Allowed with a condition: ${partial.map((x) => `${x.role} authors ${x.only} ${res.name.toLowerCase()}s`).join('; ')} (summary table).` };
    }
    const rules = [res.ruleId];
    if (res.id === 'ai-builder' && roles.includes('Environment Maker')) rules.push('AIB-003');
    return { allowed: false, via: [], rules, reason: `Denied: ${roles.length ? roles.join(', ') : 'no role'} may not author ${res.name}${flowKind ? ` (${flowKind})` : ''} (summary table).` };
  }

  /**
   * What a role alone lets its holder author (the report's custom-role rows): the summary table for a predefined
   * role, DV-013 / AIB-006 from the role's own privileges for a custom one.
   */
  roleAuthors(roleName: string, resourceName: string, flowKind?: FlowKind): EnvDecision {
    const c = this.c;
    const ri = c.index.role.get(key(roleName));
    if (ri === undefined) throw new UnknownNameError('role', roleName, c.roles.map((r) => r.name));
    const res = findResource(resourceName);
    if (!res) throw new UnknownNameError('resource', resourceName, RESOURCES.map((r) => r.name));
    const role = c.roles[ri]!;
    const pre = role.predefined;
    if (pre) {
      const name = (pre.impliesRole ?? pre.name) as MatrixRole;
      return this.authorWith((MATRIX_ROLES as readonly string[]).includes(name) ? [name] : [], res, flowKind);
    }
    const none = this.authorWith([], res, flowKind);
    if (res.needsDataverse && !c.dataverse) return none;
    if (res.id === 'ai-builder') {
      const TP = c.tables.length * 8;
      const ok = MAKER_AI_PROFILE.every((g) => { const t = c.index.table.get(g.table); return t !== undefined && c.roleDepth[ri * TP + t * 8 + g.privilege]! >= g.depth; });
      return ok ? { allowed: true, via: [role.name], rules: ['AIB-006'], reason: `Allowed: role ${role.name} holds at least the AI Builder table access of Environment Maker, which lets custom roles create AI models.` }
        : { allowed: false, via: [], rules: ['AIB-006'], reason: `Denied: role ${role.name} lacks the AI Builder table access of Environment Maker.` };
    }
    const need = res.customRoleNeeds;
    if (!need || (res.id === 'cloud-flow' && flowKind === 'non-solution-aware')) {
      return { allowed: false, via: [], rules: ['DV-013', res.ruleId], reason: `Denied: a custom role alone cannot author ${res.name}${flowKind ? ` (${flowKind})` : ''}; the summary table gives it only to predefined roles.` };
    }
    const ok = this.roleHolds(ri, need);
    return ok ? { allowed: true, ...(res.id === 'cloud-flow' ? { condition: 'solution-aware only' } : {}), via: [role.name], rules: ['DV-013'], reason: `Allowed: role ${role.name} holds ${need.misc ?? `Create on ${need.table}`}, which authoring ${res.name} needs.` }
      : { allowed: false, via: [], rules: ['DV-013'], reason: `Denied: role ${role.name} lacks ${need.misc ?? `Create on ${need.table}`}, which authoring ${res.name} needs.` };
  }

  private roleHolds(ri: number, need: { table?: string; misc?: string }): boolean {
    const c = this.c; const role = c.roles[ri]!;
    if (need.misc) return [...role.misc].some((m) => m.toLowerCase() === need.misc!.toLowerCase());
    const t = need.table ? c.index.table.get(need.table) : undefined;
    return t !== undefined && c.roleDepth[ri * c.tables.length * 8 + t * 8]! > 0;
  }

  private customRoleAuthor(userName: string, res: Resource, flowKind?: FlowKind): EnvDecision | undefined {
    const u = this.userIndex(userName);
    if (res.id === 'ai-builder') {
      if (this.holdsMakerAiProfile(u)) return { allowed: true, via: ['AI Builder table access of Environment Maker'], rules: ['AIB-006'], reason: 'Allowed: the user\'s roles give at least the access to the AI Builder tables that Environment Maker has, which lets custom roles create AI models.' };
      return undefined;
    }
    const need = res.customRoleNeeds;
    if (!need || (res.id === 'cloud-flow' && flowKind === 'non-solution-aware')) return undefined;
    const c = this.c;
    for (const h of this.q.rolesOf(userName)) {
      const ri = c.index.role.get(key(h.role))!;
      const role = c.roles[ri]!;
      if (role.predefined && !role.fromExport) continue;
      // Creating a resource row is Create (DV-011): a team role with "team privileges only" gives members none.
      if (need.table && h.team && role.inheritance === 'team-only') continue;
      if (this.roleHolds(ri, need)) return { allowed: true, ...(res.id === 'cloud-flow' ? { condition: 'solution-aware only' } : {}), via: [h.team ? `${role.name} (team ${h.team})` : role.name], rules: ['DV-013'], reason: `Allowed: role ${role.name} holds ${need.misc ?? `Create on ${need.table}`}, which authoring ${res.name} needs.` };
    }
    return undefined;
  }

  holdsMakerAiProfile(u: number): boolean {
    const c = this.c;
    return MAKER_AI_PROFILE.every((g) => {
      const t = c.index.table.get(g.table);
      return t !== undefined && this.data.evaluator.inheritDepth(u, t * 8 + g.privilege) >= g.depth;
    });
  }

  canAdminister(userName: string, action: AdminAction): EnvDecision {
    if (!ADMIN_ACTIONS.includes(action)) throw new UnknownNameError('administrative action', action, ADMIN_ACTIONS);
    const off = this.disabled(userName); if (off) return off;
    const held = this.matrixRoles(userName);
    const admin = held.has('Environment Admin');
    const sysAdmin = held.has('System Administrator');
    if (action === 'provision a database') {
      if (this.c.dataverse) return { allowed: false, via: [], rules: ['ENV-006'], reason: 'Denied: this environment already has a Dataverse database.' };
      return admin ? { allowed: true, via: [held.get('Environment Admin')!], rules: ['ENV-006'], reason: 'Allowed: Environment Admin may provision a Dataverse database.' }
        : { allowed: false, via: [], rules: ['ENV-006', 'ENV-009'], reason: 'Denied: only Environment Admin may provision a database.' };
    }
    const dataOnly = action === 'manage security roles' || action === 'view all data';
    if (!this.c.dataverse) {
      if (dataOnly) return { allowed: false, via: [], rules: ['ENV-002'], reason: `Denied: "${action}" needs a Dataverse database.` };
      const rule = action === 'manage environment role members' ? 'ENV-005' : action === 'view and manage all resources' ? 'ENV-007' : 'ENV-008';
      return admin ? { allowed: true, via: [held.get('Environment Admin')!], rules: ['ENV-004', rule], reason: `Allowed: without Dataverse, Environment Admin performs every administrative action, including "${action}".` }
        : { allowed: false, via: [], rules: [rule], reason: `Denied: only Environment Admin may ${action}; Environment Maker creates resources but does not administer.` };
    }
    if (sysAdmin) return { allowed: true, via: [held.get('System Administrator')!], rules: ['ENV-013', R.sysAdminAll], reason: `Allowed: with Dataverse, System Administrator holds full administration, including "${action}".` };
    return { allowed: false, via: [], rules: ['ENV-013'], reason: `Denied: with a Dataverse database, full administration needs System Administrator${admin ? '; Environment Admin is not enough' : ''}.` };
  }

  /** Makers share the apps they built; admins manage every resource. Sharing an app grants no data access. */
  canShareApp(userName: string, appOwner: string, target: AppShareTarget): EnvDecision {
    if (!SHARE_TARGETS.includes(target)) throw new UnknownNameError('share target', target, SHARE_TARGETS);
    const off = this.disabled(userName); if (off) return off;
    this.userIndex(appOwner);
    const held = this.matrixRoles(userName);
    if (key(userName) === key(appOwner)) return { allowed: true, via: [held.get('Environment Maker')!], rules: ['ENV-010'], reason: `Allowed: makers distribute the apps they build to a ${target}.` };
    const manage = this.canAdminister(userName, 'view and manage all resources');
    if (manage.allowed) return { ...manage, reason: `Allowed: ${manage.via.join(', ')} manages every resource of the environment, apps included.` };
    return { allowed: false, via: [], rules: ['ENV-010'], reason: `Denied: ${userName} did not build this app and does not administer the environment.` };
  }

  /** Environment roles never open the database: whether a user has any Dataverse data access at all. */
  hasDataAccess(userName: string): boolean {
    const u = this.userIndex(userName);
    if (!this.c.dataverse || !this.c.users[u]!.enabled) return false;
    for (let t = 0; t < this.c.tables.length; t++) for (let p = 0; p < 8; p++) if (this.data.evaluator.reach(u, t * 8 + p) > 0) return true;
    // Office Collaborator (on its owner team) holds no table grant but reads rows shared with the organization.
    return this.data.evaluator.orgSharedReadOnly(u);
  }
}
