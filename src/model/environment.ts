// The environment layer: environment roles, administrative actions, and who may author which resource.
import { R } from '../catalog/model-rules.ts';
import {
  MATRIX_ROLES,
  RESOURCES,
  resource as findResource,
  type CustomRoleNeed,
  type FlowKind,
  type MatrixRole,
  type Resource,
} from '../catalog/resources.ts';
import type { Compiled } from './compiled.ts';
import type { DataverseDecisions } from './dataverse.ts';
import type { Questions } from './questions.ts';
import { UnknownNameError } from './errors.ts';
import { Depth, key } from '../vocabulary/index.ts';

export const ADMIN_ACTIONS = [
  'manage environment role members',
  'provision a database',
  'view and manage all resources',
  'set data loss prevention policies',
  'manage security roles',
  'view all data',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export const SHARE_TARGETS = ['user', 'security group', 'organization'] as const;
export type AppShareTarget = (typeof SHARE_TARGETS)[number];
const FLOW_KINDS: readonly FlowKind[] = ['solution-aware', 'non-solution-aware'];

/**
 * An environment-level decision. `because` says what decided it, as structure (names, resource ids, actions):
 * the sentence is made from it in src/explain/environment.ts, as the Dataverse decisions' are in wording.ts.
 */
export interface EnvDecision<C = EnvCause> {
  allowed: boolean;
  /** A partial allow: only for resources of this kind (cloud flows). */
  condition?: string;
  via: string[];
  rules: string[];
  because: C;
}

/** A disabled user can do nothing (DV-015); the AI Builder layer answers with the same cause. */
export interface DisabledCause {
  kind: 'disabled';
  user: string;
}

/** A matrix role that authors only the flows of one kind. */
export interface FlowGrant {
  role: MatrixRole;
  only: FlowKind;
}

/**
 * Why an environment-level decision came out as it did. `resource` is a resource id of the summary table
 * (src/catalog/resources.ts); `by` is the label of the role that decides, as `matrixRoles` gives it (the via).
 */
export type EnvCause =
  | DisabledCause
  /** The resource lives in Dataverse and the environment has no database (ENV-002). */
  | { kind: 'needs-dataverse'; resource: string }
  /** Dataverse for Teams has no desktop flows (RES-012). */
  | { kind: 'teams-no-desktop-flows' }
  /** The summary table gives these roles the resource without condition. */
  | { kind: 'summary-allows'; resource: string; roles: MatrixRole[] }
  /** The summary table gives these roles the flows of the kind asked. */
  | { kind: 'summary-allows-kind'; resource: string; roles: MatrixRole[]; flowKind: FlowKind }
  /** Roles that each author one kind of flow, and together every kind. */
  | { kind: 'summary-allows-together'; resource: string; grants: FlowGrant[] }
  /** Roles that author flows of some kinds only (no kind was asked). */
  | { kind: 'summary-allows-partly'; resource: string; grants: FlowGrant[] }
  /** None of `roles` (possibly none at all) authors the resource in the summary table. */
  | { kind: 'summary-denies'; resource: string; roles: MatrixRole[]; flowKind?: FlowKind }
  /** A custom role with (or without) the AI Builder table access of Environment Maker (AIB-006). */
  | { kind: 'role-has-maker-ai-access'; role: string }
  | { kind: 'role-lacks-maker-ai-access'; role: string }
  /** The user's roles together give the AI Builder table access of Environment Maker (AIB-006). */
  | { kind: 'user-has-maker-ai-access'; user: string }
  /** The summary table gives the resource only to predefined roles: no Dataverse privilege authors it (DV-013). */
  | { kind: 'custom-role-cannot-author'; resource: string; flowKind?: FlowKind }
  /** A role holds (or lacks) the Dataverse privilege that authoring the resource needs (DV-013). */
  | { kind: 'role-holds-need'; role: string; resource: string; need: CustomRoleNeed }
  | { kind: 'role-lacks-need'; role: string; resource: string; need: CustomRoleNeed }
  /** Provisioning a database (ENV-006): there is one already; Environment Admin may; only Environment Admin may. */
  | { kind: 'database-exists' }
  | { kind: 'admin-provisions' }
  | { kind: 'provision-needs-admin' }
  /** Without Dataverse: the action needs a database (ENV-002); Environment Admin does everything (ENV-004); only it may. */
  | { kind: 'action-needs-dataverse'; action: AdminAction }
  | { kind: 'admin-without-dataverse'; action: AdminAction }
  | { kind: 'action-needs-admin'; action: AdminAction }
  /** With Dataverse, full administration is System Administrator's (ENV-013). */
  | { kind: 'system-administrator'; action: AdminAction }
  | { kind: 'needs-system-administrator'; action: AdminAction; environmentAdmin: boolean }
  /** App sharing (ENV-010): the maker shares their own app; an administrator manages every app; neither. */
  | { kind: 'maker-shares-own-app'; target: AppShareTarget }
  | { kind: 'manages-every-app'; by: string[] }
  | { kind: 'not-app-maker'; user: string; owner: string };

/** The AI Builder table access that the AI Builder page attributes to Environment Maker (AIB-006). */
export const MAKER_AI_PROFILE: Array<{ table: string; privilege: number; depth: Depth }> = [
  ...['msdyn_aimodel', 'msdyn_aiconfiguration', 'msdyn_aibdatasetscontainer', 'msdyn_aibdataset', 'msdyn_aibfile'].flatMap((t) =>
    [0, 1, 2].map((p) => ({ table: t, privilege: p, depth: Depth.Basic })),
  ),
  { table: 'msdyn_aitemplate', privilege: 1, depth: Depth.Global },
];

export class EnvironmentDecisions {
  private readonly c: Compiled;
  private readonly data: DataverseDecisions;
  private readonly q: Questions;
  constructor(c: Compiled, data: DataverseDecisions, q: Questions) {
    this.c = c;
    this.data = data;
    this.q = q;
  }

  private userIndex(name: string): number {
    const u = this.c.index.user.get(key(name));
    if (u === undefined)
      throw new UnknownNameError(
        'user',
        name,
        this.c.users.map((x) => x.name),
      );
    return u;
  }

  /** The matrix roles a user holds, and how (automatic Maker membership, assignment, team). */
  matrixRoles(userName: string): Map<MatrixRole, string> {
    const u = this.userIndex(userName);
    const out = new Map<MatrixRole, string>();
    const env = this.c.environmentRoles[u]!;
    if (env.has('Environment Admin')) out.set('Environment Admin', 'Environment Admin (assigned)');
    out.set(
      'Environment Maker',
      env.has('Environment Maker') ? 'Environment Maker (assigned)' : 'Environment Maker (automatic when added to the environment)',
    );
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
    return user.enabled ? undefined : { allowed: false, via: [], rules: [R.disabledUsers], because: { kind: 'disabled', user: user.name } };
  }

  canAuthor(userName: string, resourceName: string, flowKind?: FlowKind): EnvDecision {
    const res = findResource(resourceName);
    if (!res)
      throw new UnknownNameError(
        'resource',
        resourceName,
        RESOURCES.map((r) => r.name),
      );
    const off = this.disabled(userName);
    if (off) return off;
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
      return { allowed: false, via: [], rules: [res.ruleId, 'ENV-002'], because: { kind: 'needs-dataverse', resource: res.id } };
    }
    if (res.id === 'desktop-flow' && this.c.type === 'Teams') {
      return { allowed: false, via: [], rules: ['RES-012'], because: { kind: 'teams-no-desktop-flows' } };
    }
    const grants: Array<{ role: MatrixRole; only?: FlowKind }> = [];
    for (const r of MATRIX_ROLES)
      if (roles.includes(r) && res.cells[r].allow) grants.push({ role: r, ...(res.cells[r].only ? { only: res.cells[r].only } : {}) });
    const full = grants.filter((g) => !g.only || g.only === flowKind);
    const partial = grants.filter((g) => g.only && flowKind === undefined);
    const label = (r: MatrixRole) => how?.get(r) ?? r;
    if (full.some((g) => !g.only)) {
      const g = full.filter((x) => !x.only);
      return {
        allowed: true,
        via: g.map((x) => label(x.role)),
        rules: [res.ruleId],
        because: { kind: 'summary-allows', resource: res.id, roles: g.map((x) => x.role) },
      };
    }
    if (full.length) {
      return {
        allowed: true,
        condition: `${flowKind} only`,
        via: full.map((x) => label(x.role)),
        rules: [res.ruleId],
        because: { kind: 'summary-allows-kind', resource: res.id, roles: full.map((x) => x.role), flowKind: flowKind! },
      };
    }
    if (partial.length) {
      const flows: FlowGrant[] = partial.map((g) => ({ role: g.role, only: g.only! }));
      const kinds = [...new Set(partial.map((g) => g.only!))];
      // Roles that together cover every kind of flow (Maker: outside solutions, Customizer: inside) author any flow.
      if (kinds.length === FLOW_KINDS.length) {
        return {
          allowed: true,
          via: partial.map((x) => label(x.role)),
          rules: [res.ruleId],
          because: { kind: 'summary-allows-together', resource: res.id, grants: flows },
        };
      }
      return {
        allowed: true,
        condition: `${kinds.join(' and ')} only`,
        via: partial.map((x) => label(x.role)),
        rules: [res.ruleId],
        because: { kind: 'summary-allows-partly', resource: res.id, grants: flows },
      };
    }
    const rules = [res.ruleId];
    if (res.id === 'ai-builder' && roles.includes('Environment Maker')) rules.push('AIB-003');
    return {
      allowed: false,
      via: [],
      rules,
      because: { kind: 'summary-denies', resource: res.id, roles: [...roles], ...(flowKind ? { flowKind } : {}) },
    };
  }

  /**
   * What a role alone lets its holder author (the report's custom-role rows): the summary table for a predefined
   * role, DV-013 / AIB-006 from the role's own privileges for a custom one.
   */
  roleAuthors(roleName: string, resourceName: string, flowKind?: FlowKind): EnvDecision {
    const c = this.c;
    const ri = c.index.role.get(key(roleName));
    if (ri === undefined)
      throw new UnknownNameError(
        'role',
        roleName,
        c.roles.map((r) => r.name),
      );
    const res = findResource(resourceName);
    if (!res)
      throw new UnknownNameError(
        'resource',
        resourceName,
        RESOURCES.map((r) => r.name),
      );
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
      const ok = MAKER_AI_PROFILE.every((g) => {
        const t = c.index.table.get(g.table);
        return t !== undefined && c.roleDepth[ri * TP + t * 8 + g.privilege]! >= g.depth;
      });
      return ok
        ? { allowed: true, via: [role.name], rules: ['AIB-006'], because: { kind: 'role-has-maker-ai-access', role: role.name } }
        : { allowed: false, via: [], rules: ['AIB-006'], because: { kind: 'role-lacks-maker-ai-access', role: role.name } };
    }
    const need = res.customRoleNeeds;
    if (!need || (res.id === 'cloud-flow' && flowKind === 'non-solution-aware')) {
      return {
        allowed: false,
        via: [],
        rules: ['DV-013', res.ruleId],
        because: { kind: 'custom-role-cannot-author', resource: res.id, ...(flowKind ? { flowKind } : {}) },
      };
    }
    const ok = this.roleHolds(ri, need);
    return ok
      ? {
          allowed: true,
          ...(res.id === 'cloud-flow' ? { condition: 'solution-aware only' } : {}),
          via: [role.name],
          rules: ['DV-013'],
          because: { kind: 'role-holds-need', role: role.name, resource: res.id, need },
        }
      : { allowed: false, via: [], rules: ['DV-013'], because: { kind: 'role-lacks-need', role: role.name, resource: res.id, need } };
  }

  private roleHolds(ri: number, need: { table?: string; misc?: string }): boolean {
    const c = this.c;
    const role = c.roles[ri]!;
    if (need.misc) return [...role.misc].some((m) => m.toLowerCase() === need.misc!.toLowerCase());
    const t = need.table ? c.index.table.get(need.table) : undefined;
    return t !== undefined && c.roleDepth[ri * c.tables.length * 8 + t * 8]! > 0;
  }

  private customRoleAuthor(userName: string, res: Resource, flowKind?: FlowKind): EnvDecision | undefined {
    const u = this.userIndex(userName);
    if (res.id === 'ai-builder') {
      if (this.holdsMakerAiProfile(u))
        return {
          allowed: true,
          via: ['AI Builder table access of Environment Maker'],
          rules: ['AIB-006'],
          because: { kind: 'user-has-maker-ai-access', user: this.c.users[u]!.name },
        };
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
      if (this.roleHolds(ri, need))
        return {
          allowed: true,
          ...(res.id === 'cloud-flow' ? { condition: 'solution-aware only' } : {}),
          via: [h.team ? `${role.name} (team ${h.team})` : role.name],
          rules: ['DV-013'],
          because: { kind: 'role-holds-need', role: role.name, resource: res.id, need },
        };
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
    const off = this.disabled(userName);
    if (off) return off;
    const held = this.matrixRoles(userName);
    const admin = held.has('Environment Admin');
    const sysAdmin = held.has('System Administrator');
    if (action === 'provision a database') {
      if (this.c.dataverse) return { allowed: false, via: [], rules: ['ENV-006'], because: { kind: 'database-exists' } };
      return admin
        ? { allowed: true, via: [held.get('Environment Admin')!], rules: ['ENV-006'], because: { kind: 'admin-provisions' } }
        : { allowed: false, via: [], rules: ['ENV-006', 'ENV-009'], because: { kind: 'provision-needs-admin' } };
    }
    const dataOnly = action === 'manage security roles' || action === 'view all data';
    if (!this.c.dataverse) {
      if (dataOnly) return { allowed: false, via: [], rules: ['ENV-002'], because: { kind: 'action-needs-dataverse', action } };
      const rule =
        action === 'manage environment role members' ? 'ENV-005' : action === 'view and manage all resources' ? 'ENV-007' : 'ENV-008';
      return admin
        ? {
            allowed: true,
            via: [held.get('Environment Admin')!],
            rules: ['ENV-004', rule],
            because: { kind: 'admin-without-dataverse', action },
          }
        : { allowed: false, via: [], rules: [rule], because: { kind: 'action-needs-admin', action } };
    }
    if (sysAdmin)
      return {
        allowed: true,
        via: [held.get('System Administrator')!],
        rules: ['ENV-013', R.sysAdminAll],
        because: { kind: 'system-administrator', action },
      };
    return {
      allowed: false,
      via: [],
      rules: ['ENV-013'],
      because: { kind: 'needs-system-administrator', action, environmentAdmin: admin },
    };
  }

  /** Makers share the apps they built; admins manage every resource. Sharing an app grants no data access. */
  canShareApp(userName: string, appOwner: string, target: AppShareTarget): EnvDecision {
    if (!SHARE_TARGETS.includes(target)) throw new UnknownNameError('share target', target, SHARE_TARGETS);
    const off = this.disabled(userName);
    if (off) return off;
    this.userIndex(appOwner);
    const held = this.matrixRoles(userName);
    if (key(userName) === key(appOwner))
      return {
        allowed: true,
        via: [held.get('Environment Maker')!],
        rules: ['ENV-010'],
        because: { kind: 'maker-shares-own-app', target },
      };
    const manage = this.canAdminister(userName, 'view and manage all resources');
    if (manage.allowed) return { ...manage, because: { kind: 'manages-every-app', by: [...manage.via] } };
    return { allowed: false, via: [], rules: ['ENV-010'], because: { kind: 'not-app-maker', user: userName, owner: appOwner } };
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
