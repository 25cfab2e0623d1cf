// Environment-level decisions into sentences. The model answers with a structured cause (src/model/environment.ts,
// `EnvCause`); this module says it in words, so that the model holds no prose and the steps, the report's evidence
// and the audit's custom-role cells all read the same sentence.
import { resource } from '../catalog/resources.ts';
import type { CustomRoleNeed, FlowKind } from '../catalog/resources.ts';
import type { AppShareTarget, EnvCause, EnvDecision, FlowGrant } from '../model/environment.ts';

/** One sentence maker per kind of cause: the `satisfies` makes a missing (or unknown) kind a type error. */
export type CauseWords<C extends { kind: string }> = { [K in C['kind']]: (c: Extract<C, { kind: K }>) => string };

/** A decision with its sentence, for callers that need text (steps, evidence, the audit's matrix cells). */
export type Worded<D> = D & { reason: string };

/** The display name of a resource id of the summary table; the model only ever puts catalogued ids in a cause. */
function resourceName(id: string): string {
  const r = resource(id);
  if (!r) throw new Error(`internal error: "${id}" is not a resource of the summary table`);
  return r.name;
}

const plural = (id: string) => `${resourceName(id).toLowerCase()}s`;
const ofKind = (flowKind?: FlowKind) => (flowKind ? ` (${flowKind})` : '');
const needed = (need: CustomRoleNeed) => need.misc ?? `Create on ${need.table}`;
const flows = (id: string, grants: FlowGrant[], sep: string) => grants.map((g) => `${g.role} authors ${g.only} ${plural(id)}`).join(sep);
const AUDIENCE: Record<AppShareTarget, string> = {
  user: 'a user',
  'security group': 'a security group',
  organization: 'the whole organization',
};

export const ENV_WORDS = {
  disabled: (c) => `Denied: ${c.user} is disabled, and a disabled user can do nothing.`,
  'needs-dataverse': (c) => `Denied: ${resourceName(c.resource)} needs a Dataverse database, and this environment has none.`,
  'teams-no-desktop-flows': () =>
    'Denied: Dataverse for Teams environments get no desktop flows until they are upgraded to full Dataverse and desktop flow licences are bought.',
  'summary-allows': (c) => `Allowed: ${c.roles.join(' and ')} may author ${resourceName(c.resource)} (summary table).`,
  'summary-allows-kind': (c) => `Allowed: ${c.roles.join(' and ')} may author ${c.flowKind} ${plural(c.resource)} (summary table).`,
  'summary-allows-together': (c) =>
    `Allowed: ${flows(c.resource, c.grants, ' and ')}, so together every ${resourceName(c.resource).toLowerCase()} (summary table).`,
  'summary-allows-partly': (c) => `Allowed with a condition: ${flows(c.resource, c.grants, '; ')} (summary table).`,
  'summary-denies': (c) =>
    c.roles.length
      ? `Denied: ${c.roles.join(', ')} may not author ${resourceName(c.resource)}${ofKind(c.flowKind)} (summary table).`
      : `Denied: no role of the summary table is held, and only those roles may author ${resourceName(c.resource)}${ofKind(c.flowKind)} (summary table).`,
  'role-has-maker-ai-access': (c) =>
    `Allowed: role ${c.role} holds at least the AI Builder table access of Environment Maker, which lets custom roles create AI models.`,
  'role-lacks-maker-ai-access': (c) => `Denied: role ${c.role} lacks the AI Builder table access of Environment Maker.`,
  'user-has-maker-ai-access': () =>
    "Allowed: the user's roles give at least the access to the AI Builder tables that Environment Maker has, which lets custom roles create AI models.",
  'custom-role-cannot-author': (c) =>
    `Denied: a custom role alone cannot author ${resourceName(c.resource)}${ofKind(c.flowKind)}; the summary table gives it only to predefined roles.`,
  'role-holds-need': (c) => `Allowed: role ${c.role} holds ${needed(c.need)}, which authoring ${resourceName(c.resource)} needs.`,
  'role-lacks-need': (c) => `Denied: role ${c.role} lacks ${needed(c.need)}, which authoring ${resourceName(c.resource)} needs.`,
  'database-exists': () => 'Denied: this environment already has a Dataverse database.',
  'admin-provisions': () => 'Allowed: Environment Admin may provision a Dataverse database.',
  'provision-needs-admin': () => 'Denied: only Environment Admin may provision a database.',
  'action-needs-dataverse': (c) => `Denied: "${c.action}" needs a Dataverse database.`,
  'admin-without-dataverse': (c) =>
    `Allowed: without Dataverse, Environment Admin performs every administrative action, including "${c.action}".`,
  'action-needs-admin': (c) =>
    `Denied: only Environment Admin may ${c.action}; Environment Maker creates resources but does not administer.`,
  'system-administrator': (c) => `Allowed: with Dataverse, System Administrator holds full administration, including "${c.action}".`,
  'needs-system-administrator': (c) =>
    `Denied: with a Dataverse database, full administration needs System Administrator${c.environmentAdmin ? '; Environment Admin is not enough' : ''}.`,
  'maker-shares-own-app': (c) => `Allowed: makers distribute the apps they build to ${AUDIENCE[c.target]}.`,
  'manages-every-app': (c) => `Allowed: ${c.by.join(', ')} manages every resource of the environment, apps included.`,
  'not-app-maker': (c) => `Denied: ${c.user} did not build this app and does not administer the environment.`,
} satisfies CauseWords<EnvCause>;

/** Every kind of environment cause, from the wording (which the type above keeps complete). */
export const ENV_CAUSE_KINDS = Object.keys(ENV_WORDS) as Array<EnvCause['kind']>;

export function envSentence(c: EnvCause): string {
  return (ENV_WORDS[c.kind] as (c: EnvCause) => string)(c);
}

export function explainEnv<D extends EnvDecision>(d: D): Worded<D> {
  return { ...d, reason: envSentence(d.because) };
}
