// The sentences of decisions, written once: the model's decisions are structure only, and every sentence about them
// is made here. A sentence is a list of numbered pieces: every piece (a fixed phrase, a name, or a phrase made once
// per name such as "Read on account") is numbered the first time it is used, and sentences are lists of those
// numbers. `explain` joins them into text; `check` (src/check/brief.ts) hands the numbers to the writer of its
// output, which has the same table: on a million queries, building and re-reading reason strings cost more than the
// decisions (profiled; docs/performance.md).
import { Hold, Path, type Compiled, type IgnoredAssignment } from '../model/index.ts';
import { DEPTH_NAMES, PRIVILEGES } from '../vocabulary/index.ts';

/** A record as the denial wording needs it (a record row, or a row given by owner and business unit only). */
export interface RowRef {
  owner: number;
  businessUnit: number;
  id: string;
}

/**
 * Numbered pieces; a sentence written into a Words is read back with text(). Each piece is numbered where it is
 * made, once per name or per phrase (the caches below): no lookup by text, which cost a tenth of `check` (profiled).
 */
export class Pieces {
  readonly strings: string[] = [];
  id(s: string): number {
    this.strings.push(s);
    return this.strings.length - 1;
  }
}

/** A sentence being written: piece numbers, and (as -(i + 1)) strings made for this sentence only. */
export class Words {
  ids = new Int32Array(32);
  n = 0;
  readonly once: string[] = [];
  clear(): void {
    this.n = 0;
    if (this.once.length) this.once.length = 0;
  }
  push(id: number): void {
    if (this.n === this.ids.length) {
      const more = new Int32Array(this.n * 2);
      more.set(this.ids);
      this.ids = more;
    }
    this.ids[this.n++] = id;
  }
  pushOnce(s: string): void {
    this.once.push(s);
    this.push(-this.once.length);
  }
  /** Appends another sentence's pieces. */
  append(w: Words): void {
    for (let i = 0; i < w.n; i++) {
      const id = w.ids[i]!;
      if (id >= 0) this.push(id);
      else this.pushOnce(w.once[-id - 1]!);
    }
  }
  text(pieces: readonly string[]): string {
    let s = '';
    for (let i = 0; i < this.n; i++) {
      const id = this.ids[i]!;
      s += id >= 0 ? pieces[id]! : this.once[-id - 1]!;
    }
    return s;
  }
}

export class Wording {
  readonly pieces = new Pieces();
  private readonly c: Compiled;
  private readonly nUsers: number;
  private readonly k: Record<string, number>;
  private readonly depthIds: number[];
  private readonly privilegeIds: number[];
  private readonly createdAt: number[];
  private readonly isDepth: number[];
  private readonly noShareOn: number[];
  private readonly onTablesDot: Int32Array;
  private readonly deepest: Int32Array;
  private readonly onTables: Int32Array;
  private readonly userNames: Int32Array;
  private readonly teamNames: Int32Array;
  private readonly tableNames: Int32Array;
  private readonly roleNames: Int32Array;
  private readonly buNames: Int32Array;
  private readonly recordIds: Int32Array;
  private readonly roleTexts: Int32Array;
  private readonly teamRoleTexts = new Map<number, number>();
  private readonly teamVias = new Map<number, number>();
  private readonly shareVias = new Map<number, number>();
  private readonly recordWheres: Int32Array;
  private readonly denied: Int32Array;
  private readonly ignoredNotes: Int32Array;
  private readonly heldNames: Array<{ list: string[] } | undefined> = [];
  private readonly mores = new Map<number, number>();
  private readonly levels = new Map<number, number>();
  private readonly hierarchyVias = new Map<number, number>();

  constructor(
    c: Compiled,
    private readonly ignoredFor: (u: number) => IgnoredAssignment[],
  ) {
    this.c = c;
    this.nUsers = c.users.length;
    const p = this.pieces;
    const K = (s: string) => p.id(s);
    this.k = {
      grants: K(' grants '),
      onOrgTable: K(' on the organization-owned table '),
      dot: K('.'),
      atGlobal: K(' at Global (every row).'),
      at: K(' at '),
      inBu: K(', and the row is in business unit '),
      atDeepBelow: K(" at Deep, and the row's business unit "),
      isBelow: K(' is below '),
      teamOnly: K(' (team privileges only) grants '),
      ownedByTeam: K(', and the row is owned by team '),
      ownedBy: K(', and the row is owned by '),
      theUser: K('the user'),
      team: K('team '),
      row: K('Row '),
      sharedWith: K(' is shared with '),
      wholeOrg: K('the whole organization'),
      with: K(' with '),
      and: K(', and '),
      aRoleGrants: K('a role grants '),
      officeCollaborator: K('Office Collaborator reads rows shared with the organization.'),
      denied: K('Denied: '),
      holdsNone: K(' holds no security role that grants '),
      teamOnlyCreate: K(
        ' is granted only through team roles with "team privileges only" inheritance, which do not let members create rows of their own.',
      ),
      theRow: K('the row'),
      allowed: K('Allowed: '),
      shareWithOrg: K('share with organization'),
      copyOf: K(' (held as business unit '),
      copyEnd: K("'s copy of the role)."),
      managerOf: K("'s manager"),
      positionAbove: K("'s superior by position"),
      atLevel: K(' at level '),
      is: K(' is '),
      hierarchyDirect: K('; hierarchy security opens the rows of direct reports for Read, Write, Append and Append To.'),
      hierarchyDeeper: K('; hierarchy security opens the rows of reports below the first level for Read only.'),
      isDisabled: K(' is disabled, and a disabled user can do nothing; '),
      wouldBe: K('enabled, the user would be allowed: '),
      wouldStill: K('enabled, the user would still be denied: '),
    };
    this.depthIds = DEPTH_NAMES.map((d) => K(d));
    this.privilegeIds = PRIVILEGES.map((x) => K(x));
    // Phrases that always go together are one piece: fewer pieces to copy per answer.
    this.createdAt = DEPTH_NAMES.map((d) => K(` (${d}).`));
    this.isDepth = DEPTH_NAMES.map((d) => K(` is ${d}, which does not reach `));
    this.noShareOn = PRIVILEGES.map((x) => K(`, and no share gives ${x} on it.`));
    const none = (n: number) => new Int32Array(n).fill(-1);
    this.onTables = none(c.tables.length * 8);
    this.onTablesDot = none(c.tables.length * 8);
    this.deepest = none(c.users.length);
    this.userNames = none(c.users.length);
    this.teamNames = none(c.teams.length);
    this.tableNames = none(c.tables.length);
    this.roleNames = none(c.roles.length);
    this.buNames = none(c.buNames.length);
    this.recordIds = none(c.records.length);
    this.roleTexts = none(c.roles.length);
    this.recordWheres = none(c.records.length);
    this.denied = none(c.users.length);
    this.ignoredNotes = none(c.users.length);
  }

  get allowedId(): number {
    return this.k.allowed!;
  }
  depthId(d: number): number {
    return this.depthIds[d]!;
  }

  // Per-name pieces, numbered on first use (no closures: these run for every answer of `check`).
  private user(u: number): number {
    const v = this.userNames[u]!;
    return v >= 0 ? v : (this.userNames[u] = this.pieces.id(this.c.users[u]!.name));
  }
  private teamName(m: number): number {
    const v = this.teamNames[m]!;
    return v >= 0 ? v : (this.teamNames[m] = this.pieces.id(this.c.teams[m]!.name));
  }
  private tableName(t: number): number {
    const v = this.tableNames[t]!;
    return v >= 0 ? v : (this.tableNames[t] = this.pieces.id(this.c.tables[t]!.name));
  }
  private bu(b: number): number {
    const v = this.buNames[b]!;
    return v >= 0 ? v : (this.buNames[b] = this.pieces.id(this.c.buNames[b]!));
  }
  private recordId(r: number): number {
    const v = this.recordIds[r]!;
    return v >= 0 ? v : (this.recordIds[r] = this.pieces.id(this.c.records[r]!.id));
  }
  roleName(r: number): number {
    const v = this.roleNames[r]!;
    return v >= 0 ? v : (this.roleNames[r] = this.pieces.id(this.c.roles[r]!.name));
  }

  /** "P on T". */
  onTable(p: number, t: number): number {
    const i = t * 8 + p;
    const v = this.onTables[i]!;
    return v >= 0 ? v : (this.onTables[i] = this.pieces.id(`${PRIVILEGES[p]} on ${this.c.tables[t]!.name}`));
  }

  /** "P on T." (the end of most denials). */
  private onTableDot(p: number, t: number): number {
    const i = t * 8 + p;
    const v = this.onTablesDot[i]!;
    return v >= 0 ? v : (this.onTablesDot[i] = this.pieces.id(`${PRIVILEGES[p]} on ${this.c.tables[t]!.name}.`));
  }

  /** "Denied: U's deepest grant of ". */
  private deepestOf(u: number): number {
    const v = this.deepest[u]!;
    return v >= 0 ? v : (this.deepest[u] = this.pieces.id(`Denied: ${this.c.users[u]!.name}'s deepest grant of `));
  }

  /** "role R" or "role R through team M". */
  private viaText(role: number, team: number): number {
    const c = this.c;
    if (team < 0) {
      const v = this.roleTexts[role]!;
      return v >= 0 ? v : (this.roleTexts[role] = this.pieces.id(`role ${c.roles[role]!.name}`));
    }
    const k = team * c.roles.length + role;
    let v = this.teamRoleTexts.get(k);
    if (v === undefined) {
      v = this.pieces.id(`role ${c.roles[role]!.name} through team ${c.teams[team]!.name}`);
      this.teamRoleTexts.set(k, v);
    }
    return v;
  }

  /** The via column of a role path: "R", or "R (team M)". */
  roleVia(role: number, m: number): number {
    if (m < 0) return this.roleName(role);
    const k = m * this.c.roles.length + role;
    let v = this.teamVias.get(k);
    if (v === undefined) {
      v = this.pieces.id(`${this.c.roles[role]!.name} (team ${this.c.teams[m]!.name})`);
      this.teamVias.set(k, v);
    }
    return v;
  }

  /** The via column of a share path: "share with organization", or "share with X" (user or team). */
  shareVia(target: 'user' | 'team' | 'organization', principal: number): number {
    if (target === 'organization') return this.k.shareWithOrg!;
    const k = target === 'user' ? principal : this.nUsers + principal;
    let v = this.shareVias.get(k);
    if (v === undefined) {
      v = this.pieces.id(`share with ${target === 'user' ? this.c.users[principal]!.name : this.c.teams[principal]!.name}`);
      this.shareVias.set(k, v);
    }
    return v;
  }

  /** " (N more path[s])" after the first path of an allowed reason. */
  more(n: number): number {
    let v = this.mores.get(n);
    if (v === undefined) {
      v = this.pieces.id(` (${n} more path${n > 1 ? 's' : ''})`);
      this.mores.set(n, v);
    }
    return v;
  }

  /** The roles that reach a user do not depend on the question: their names are listed once per user. */
  heldNamesOf(u: number): { list: string[] } {
    let names = this.heldNames[u];
    if (!names) {
      const c = this.c;
      const list: string[] = [];
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const n = c.roles[c.holdRole[h]!]!.name;
        if (!list.includes(n)) list.push(n);
      }
      names = this.heldNames[u] = { list };
    }
    return names;
  }

  /** " at level k". */
  private level(k: number): number {
    let v = this.levels.get(k);
    if (v === undefined) {
      v = this.pieces.id(` at level ${k}`);
      this.levels.set(k, v);
    }
    return v;
  }

  /** The via column of a hierarchy path: "hierarchy (manager of V, level k)". */
  hierarchyVia(owner: number, level: number): number {
    const k = owner * 128 + level;
    let v = this.hierarchyVias.get(k);
    if (v === undefined) {
      const model = this.c.hierarchy?.model === 'position' ? 'position above' : 'manager of';
      v = this.pieces.id(`hierarchy (${model} ${this.c.users[owner]!.name}, level ${level})`);
      this.hierarchyVias.set(k, v);
    }
    return v;
  }

  /** The sentence of a hierarchy path: u is a superior of the owner at `level`, and holding h grants p on t. */
  hierarchy(out: Words, u: number, owner: number, level: number, role: number, team: number, depth: number, p: number, t: number): void {
    const k = this.k;
    out.push(this.user(u));
    out.push(k.is!);
    out.push(this.user(owner));
    out.push(this.c.hierarchy?.model === 'position' ? k.positionAbove! : k.managerOf!);
    out.push(this.level(level));
    out.push(k.and!);
    out.push(this.viaText(role, team));
    out.push(k.grants!);
    out.push(this.onTable(p, t));
    out.push(k.at!);
    out.push(this.depthIds[depth]!);
    out.push(level === 1 ? k.hierarchyDirect! : k.hierarchyDeeper!);
  }

  /** "Denied: U is disabled, and a disabled user can do nothing; enabled, the user would …": `then` follows. */
  disabled(out: Words, u: number, wouldAllow: boolean): void {
    const k = this.k;
    out.push(k.denied!);
    out.push(this.user(u));
    out.push(k.isDisabled!);
    out.push(wouldAllow ? k.wouldBe! : k.wouldStill!);
  }

  /** What a denial adds about the user's ignored assignments (-1 when none), once per user. */
  private ignoredNote(u: number): number {
    if (this.c.ignored.length === 0) return -1;
    let v = this.ignoredNotes[u]!;
    if (v === -1) {
      const ignored = this.ignoredFor(u);
      v = this.ignoredNotes[u] = ignored.length
        ? this.pieces.id(` ${ignored.map((g) => `${g.role} is ignored (${ignoredText(g.reason)})`).join('; ')}.`)
        : -2;
    }
    return v;
  }

  /**
   * The sentence of the role path the walk found through holding `h` (an index of compiled.hold*): its role, team,
   * the business unit of its assignment, whether it is team-only and whether that unit is another than the holder's.
   */
  holdingSentence(out: Words, kind: Path, h: number, depth: number, p: number, t: number, bu: number, owner: number, u: number): void {
    const c = this.c;
    const unitScoped = kind === Path.BusinessUnit || kind === Path.ChildBusinessUnit;
    this.sentence(
      out,
      kind,
      c.holdRole[h]!,
      c.holdTeam[h]!,
      depth,
      p,
      t,
      bu,
      c.holdBu[h]!,
      owner,
      u,
      c.holdKind[h] === Hold.TeamOnly,
      unitScoped && isCopy(c, u, h),
    );
  }

  /** The end of a business-unit path: " (held as business unit <unit>'s copy of the role)." for a copy, else ".". */
  private unitEnd(out: Words, copy: boolean, homeUnit: number): void {
    if (copy) {
      out.push(this.k.copyOf!);
      out.push(this.bu(homeUnit));
      out.push(this.k.copyEnd!);
    } else out.push(this.k.dot!);
  }

  /**
   * The sentence of a role path. `hb` is the business unit of the assignment (the role's copy), which Local and Deep
   * are measured from; `copy`: it is not the holder's own unit (modernized business units).
   */
  sentence(
    out: Words,
    kind: Path,
    role: number,
    team: number,
    depth: number,
    p: number,
    t: number,
    bu: number,
    hb: number,
    owner: number,
    u: number,
    teamOnly: boolean,
    copy = false,
  ): void {
    const k = this.k;
    out.push(this.viaText(role, team));
    switch (kind) {
      case Path.OrgOwned:
        out.push(k.grants!);
        out.push(this.privilegeIds[p]!);
        out.push(k.onOrgTable!);
        out.push(this.tableName(t));
        out.push(k.dot!);
        return;
      case Path.Create:
        out.push(k.grants!);
        out.push(this.onTable(p, t));
        out.push(this.createdAt[depth]!);
        return;
      case Path.Organization:
        out.push(k.grants!);
        out.push(this.onTable(p, t));
        out.push(k.atGlobal!);
        return;
      case Path.BusinessUnit:
        out.push(k.grants!);
        out.push(this.onTable(p, t));
        out.push(k.at!);
        out.push(this.depthIds[depth]!);
        out.push(k.inBu!);
        out.push(this.bu(bu));
        this.unitEnd(out, copy, hb);
        return;
      case Path.ChildBusinessUnit:
        out.push(k.grants!);
        out.push(this.onTable(p, t));
        out.push(k.atDeepBelow!);
        out.push(this.bu(bu));
        out.push(k.isBelow!);
        out.push(this.bu(hb));
        this.unitEnd(out, copy, hb);
        return;
      default:
        if (teamOnly) {
          out.push(k.teamOnly!);
          out.push(this.onTable(p, t));
          out.push(k.ownedByTeam!);
          out.push(this.teamName(team));
          out.push(k.dot!);
          return;
        }
        out.push(k.grants!);
        out.push(this.onTable(p, t));
        out.push(k.at!);
        out.push(this.depthIds[depth]!);
        out.push(k.ownedBy!);
        if (owner === u) out.push(k.theUser!);
        else if (owner < this.nUsers) out.push(this.user(owner));
        else {
          out.push(k.team!);
          out.push(this.teamName(owner - this.nUsers));
        }
        out.push(k.dot!);
    }
  }

  /** The sentence of a share path (principal: user or team index, -1 for the organization). */
  share(
    out: Words,
    target: 'user' | 'team' | 'organization',
    principal: number,
    record: number,
    p: number,
    t: number,
    privileged: boolean,
  ): void {
    const k = this.k;
    out.push(k.row!);
    out.push(this.recordId(record));
    out.push(k.sharedWith!);
    if (target === 'organization') out.push(k.wholeOrg!);
    else if (target === 'user') out.push(k.theUser!);
    else {
      out.push(k.team!);
      out.push(this.teamName(principal));
    }
    out.push(k.with!);
    out.push(this.privilegeIds[p]!);
    out.push(k.and!);
    if (privileged) {
      out.push(k.aRoleGrants!);
      out.push(this.onTable(p, t));
      out.push(k.dot!);
    } else out.push(k.officeCollaborator!);
  }

  // The reason of a decision, as explain and check both write it: allowedLead, then the first path's sentence, then
  // morePaths; or deniedReason. For a disabled user the lead says so, and what the roles would do if enabled again.
  allowedLead(out: Words, disabled: boolean, u: number): void {
    if (disabled) this.disabled(out, u, true);
    else out.push(this.k.allowed!);
  }
  morePaths(out: Words, paths: number): void {
    if (paths > 1) out.push(this.more(paths - 1));
  }
  deniedReason(
    out: Words,
    disabled: boolean,
    u: number,
    p: number,
    t: number,
    best: number,
    rec: RowRef | undefined,
    isRow: boolean,
    record: number,
  ): void {
    if (!disabled) {
      this.denial(out, u, p, t, best, rec, isRow, record);
      return;
    }
    this.disabled(out, u, false);
    const tail = this.scratch;
    tail.clear();
    this.denial(tail, u, p, t, best, rec, isRow, record);
    out.pushOnce(tail.text(this.pieces.strings).replace(/^Denied: /, ''));
  }
  private readonly scratch = new Words();

  /** Why nothing grants it: `best` is the deepest grant of P on T among the user's roles. */
  denial(out: Words, u: number, p: number, t: number, best: number, rec: RowRef | undefined, isRow: boolean, record: number): void {
    const k = this.k;
    if (best === 0) {
      // The user's piece is looked at first: the list of role names (an object per user) only the first time.
      let d = this.denied[u]!;
      if (d === -1) {
        const names = this.heldNamesOf(u);
        d = this.denied[u] = names.list.length
          ? this.pieces.id(`Denied: none of ${this.c.users[u]!.name}'s roles (${names.list.join(', ')}) grant `)
          : -2;
      }
      if (d >= 0) {
        out.push(d);
        out.push(this.onTableDot(p, t));
      } else {
        out.push(k.denied!);
        out.push(this.user(u));
        out.push(k.holdsNone!);
        out.push(this.onTableDot(p, t));
      }
    } else if (p === 0 && !isRow) {
      out.push(k.denied!);
      out.push(this.onTable(p, t));
      out.push(k.teamOnlyCreate!);
    } else {
      out.push(this.deepestOf(u));
      out.push(this.onTable(p, t));
      out.push(this.isDepth[best]!);
      if (!rec) out.push(k.theRow!);
      else if (record >= 0) {
        let w = this.recordWheres[record]!;
        if (w < 0) w = this.recordWheres[record] = this.pieces.id(this.whereText(rec));
        out.push(w);
      } else out.pushOnce(this.whereText(rec));
      out.push(this.noShareOn[p]!);
    }
    const note = this.ignoredNote(u);
    if (note >= 0) out.push(note);
  }

  private whereText(rec: RowRef): string {
    const c = this.c;
    return `${rec.id ? `row ${rec.id}` : 'the row'} (owner ${rec.owner < this.nUsers ? c.users[rec.owner]!.name : `team ${c.teams[rec.owner - this.nUsers]!.name}`}, business unit ${c.buNames[rec.businessUnit]})`;
  }
}

/** Whether holding h is of another business unit's copy of the role than its holder's own unit. */
export function isCopy(c: Compiled, u: number, h: number): boolean {
  const m = c.holdTeam[h]!;
  return c.holdBu[h]! !== (m >= 0 ? c.teams[m]!.businessUnit : c.users[u]!.businessUnit);
}

export function ignoredText(reason: string): string {
  switch (reason) {
    case 'not-assignable':
      return 'it cannot be assigned to users or teams';
    case 'unsupported':
      return 'it is not supported yet';
    case 'office-collaborator-placement':
      return 'it works only on the Office Collaborators owner team';
    case 'access-team':
      return 'access teams hold no roles';
    default:
      return reason;
  }
}
