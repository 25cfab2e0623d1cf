// The approved baseline as a file: written one small record a line (each grant row, holding, holder on its own
// line, so a change to a committed baseline is a one-line diff), read back with every problem located. The schema
// below is the file format; docs/reviews.md describes it for reviewers.
import { DEPTH_NAMES, PRIVILEGES } from '../vocabulary/index.ts';
import { DataFileError, readDataFile, schemaProblems } from './data-file.ts';
import { BASELINE_FORMAT, BASELINE_VERSION, type AccessSnapshot } from './snapshot.ts';

const depth = { enum: DEPTH_NAMES.filter((d) => d !== 'None'), description: 'a depth: Basic, Local, Deep or Global' };
const privilegeMap = (value: object) => ({ type: 'object', propertyNames: { enum: [...PRIVILEGES] }, additionalProperties: value });
const names = { type: 'array', items: { type: 'string' } };

export const BASELINE_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'environment', 'inputs', 'tables', 'roles', 'teams', 'users', 'access', 'sources'],
  additionalProperties: false,
  properties: {
    format: { const: BASELINE_FORMAT, description: `"${BASELINE_FORMAT}"` },
    version: { const: BASELINE_VERSION, description: `${BASELINE_VERSION}` },
    approvedUtc: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
      description: 'a UTC time such as 2026-01-15T09:30:00Z',
    },
    approval: { type: 'object', additionalProperties: false, properties: { approver: { type: 'string' }, note: { type: 'string' } } },
    environment: {
      type: 'object',
      required: ['name', 'type', 'dataverse'],
      additionalProperties: false,
      properties: { name: { type: 'string' }, type: { type: 'string' }, dataverse: { type: 'boolean' } },
    },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256'],
        additionalProperties: false,
        properties: {
          path: { type: 'string' },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'a SHA-256 in hexadecimal' },
        },
      },
    },
    tables: names,
    roles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'custom', 'grants', 'misc', 'privileged'],
        additionalProperties: false,
        properties: {
          role: { type: 'string', minLength: 1, description: 'the role name' },
          custom: { type: 'boolean' },
          grants: { type: 'object', additionalProperties: privilegeMap(depth) },
          misc: names,
          privileged: names,
        },
      },
    },
    teams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['team', 'businessUnit', 'type', 'members', 'roles'],
        additionalProperties: false,
        properties: {
          team: { type: 'string', minLength: 1, description: 'the team name' },
          businessUnit: { type: 'string' },
          type: { type: 'string' },
          members: names,
          roles: {
            type: 'array',
            items: {
              type: 'object',
              required: ['role', 'businessUnit'],
              additionalProperties: false,
              properties: { role: { type: 'string' }, businessUnit: { type: 'string' } },
            },
          },
        },
      },
    },
    users: {
      type: 'array',
      items: {
        type: 'object',
        required: ['user', 'businessUnit', 'enabled', 'teams', 'roles'],
        additionalProperties: false,
        properties: {
          user: { type: 'string', minLength: 1, description: 'the user name' },
          businessUnit: { type: 'string' },
          enabled: { type: 'boolean' },
          teams: names,
          roles: {
            type: 'array',
            items: {
              type: 'object',
              required: ['role', 'via', 'businessUnit'],
              additionalProperties: false,
              properties: {
                role: { type: 'string' },
                via: { enum: ['direct', 'team'], description: 'direct or team' },
                team: { type: 'string' },
                businessUnit: { type: 'string' },
                copy: { const: true, description: 'true (left out when false)' },
                teamOnly: { const: true, description: 'true (left out when false)' },
              },
            },
          },
        },
      },
    },
    access: {
      type: 'object',
      additionalProperties: privilegeMap({
        type: 'array',
        items: {
          type: 'object',
          required: ['user', 'depth', 'via'],
          additionalProperties: false,
          properties: { user: { type: 'string' }, depth, via: names },
        },
      }),
    },
    sources: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

/** Whether a parsed value looks like a baseline (its `format`), to tell a baseline file from an export. */
export const isBaselineValue = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && (v as { format?: unknown }).format === BASELINE_FORMAT;

/** Reads and validates a baseline file; throws DataFileError with every problem. */
export async function readBaseline(file: string, label = file): Promise<AccessSnapshot> {
  const parsed = await readDataFile(file, { label, json: true });
  const problems = schemaProblems(parsed, BASELINE_SCHEMA);
  if (problems.length) throw new DataFileError(problems);
  return parsed.value as AccessSnapshot;
}

/**
 * The baseline as text: JSON, two-space indented, with every record whose values are all plain (a holding, a
 * holder, a grant row) on one line. Keys keep the order snapshotOf gives them, so the bytes are stable.
 */
export function baselineText(s: AccessSnapshot): string {
  return `${compactJson(s, '')}\n`;
}

function isFlat(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  const values = Array.isArray(v) ? v : Object.values(v);
  return values.every(
    (x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')),
  );
}

export function compactJson(v: unknown, indent: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) return JSON.stringify(v);
    return `[\n${v.map((x) => inner + (isFlat(x) && !Array.isArray(x) ? oneLine(x) : compactJson(x, inner))).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${x !== null && typeof x === 'object' && !Array.isArray(x) && isFlat(x) ? oneLine(x) : compactJson(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** A flat record on one line, with a space after each separator: {"user": "a", "depth": "Global"}. */
function oneLine(v: unknown): string {
  if (Array.isArray(v)) return JSON.stringify(v);
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries
    .map(
      ([k, x]) =>
        `${JSON.stringify(k)}: ${
          Array.isArray(x)
            ? x
                .map((y) => JSON.stringify(y))
                .join(', ')
                .replace(/^(.*)$/, '[$1]')
            : JSON.stringify(x)
        }`,
    )
    .join(', ')}}`;
}
