// review.json read back from an audit's folder (`rolecheck report --from … --environment <folder>`): checked against
// the SHA-256 the folder's manifest.json records for it, then against what the report needs of it (a JSON Schema,
// every problem with file:line:column and its JSON path). Loaded only by the rebuild: Ajv and the YAML parser stay
// out of the formatter's start-up.
import { SIGNOFF_FIELDS, TREND_FIELDS, WAIVER_FIELDS, type ReviewData } from '../evidence/review.ts';
import { DataFileError, parseDataText, schemaProblems } from '../review/data-file.ts';
import type { Problem } from '../vocabulary/index.ts';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;
const side = {
  type: 'object',
  required: ['label', 'environment', 'kind'],
  properties: { label: str, environment: str, kind: { enum: ['export', 'baseline'] }, approvedUtc: str },
} as const;
const itemStatus = { enum: ['open', 'waived', 'expired'] } as const;
/** The sheets the audit writes (src/review/audit-review.ts, reviewSheets), each once. */
export const REVIEW_SHEETS = ['Changes', 'Review items', 'Waivers', 'Sign-off', 'History'] as const;

/**
 * What the report needs of review.json to render it (the type ReviewData, src/evidence/review.ts); fields it does not
 * read may be added by later versions of the audit.
 */
export const REVIEW_JSON_SCHEMA = {
  type: 'object',
  required: ['version', 'today', 'baseline', 'delta', 'waivers', 'items', 'counts', 'signoff', 'history', 'sheets'],
  properties: {
    version: { const: 1 },
    today: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day as YYYY-MM-DD' },
    baseline: {
      type: ['object', 'null'],
      required: ['file', 'environment'],
      properties: { file: str, environment: str, approvedUtc: str, approver: str, note: str },
    },
    delta: {
      type: ['object', 'null'],
      required: ['from', 'to', 'counts', 'items'],
      properties: {
        from: side,
        to: side,
        counts: {
          type: 'object',
          required: ['total', 'escalations', 'openEscalations', 'byKind'],
          properties: { total: int, escalations: int, openEscalations: int, byKind: { type: 'object', additionalProperties: int } },
        },
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'kind', 'escalation', 'path', 'text'],
            properties: {
              id: str,
              kind: str,
              escalation: { type: 'boolean' },
              path: strings,
              text: str,
              status: itemStatus,
              waiver: str,
              privileged: strings,
              user: str,
              team: str,
              role: str,
              table: str,
              privilege: str,
              misc: str,
              before: str,
              after: str,
            },
          },
        },
      },
    },
    waivers: {
      type: ['object', 'null'],
      required: ['file', 'counts', 'list'],
      properties: {
        file: str,
        counts: {
          type: 'object',
          required: ['active', 'expired', 'unused', 'refused'],
          properties: { active: int, expired: int, unused: int, refused: int },
        },
        list: {
          type: 'array',
          items: {
            type: 'object',
            required: [...WAIVER_FIELDS],
            properties: {
              id: str,
              status: { enum: ['active', 'expired', 'unused'] },
              waives: { type: 'object', additionalProperties: str },
              justification: str,
              author: str,
              approver: str,
              ticket: str,
              expires: str,
              daysLeft: int,
              critical: { type: 'boolean' },
              location: str,
              matches: strings,
              refused: { type: 'array', items: { type: 'object', required: ['item', 'reason'], properties: { item: str, reason: str } } },
            },
          },
        },
      },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['source', 'id', 'severity', 'text', 'status', 'notes'],
        properties: {
          source: { enum: ['finding', 'policy', 'cell', 'delta'] },
          id: str,
          severity: { enum: ['critical', 'high', 'medium', 'low'] },
          text: str,
          status: itemStatus,
          waiver: str,
          expires: str,
          notes: strings,
        },
      },
    },
    counts: {
      type: 'object',
      required: ['items', 'open', 'waived', 'expired'],
      properties: { items: int, open: int, waived: int, expired: int },
    },
    signoff: {
      type: 'object',
      required: ['state', 'manifestSha256', 'records', 'fileProblems'],
      properties: {
        state: { enum: ['unsigned', 'signed', 'broken'] },
        manifestSha256: str,
        fileProblems: strings,
        records: {
          type: 'array',
          items: {
            type: 'object',
            required: [...SIGNOFF_FIELDS],
            properties: {
              reviewer: str,
              timeUtc: str,
              decision: { enum: ['approve', 'reject'] },
              note: str,
              matches: { type: 'boolean' },
              problems: strings,
            },
          },
        },
      },
    },
    history: {
      type: ['object', 'null'],
      required: ['dir', 'runs', 'trend'],
      properties: {
        dir: str,
        runs: int,
        trend: {
          type: 'array',
          items: {
            type: 'object',
            required: [...TREND_FIELDS],
            properties: {
              timeUtc: str,
              exitCode: int,
              findings: int,
              open: int,
              escalations: { type: ['integer', 'null'] },
              newFindings: strings,
              resolvedFindings: strings,
              manifestSha256: str,
            },
          },
        },
      },
    },
    sheets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'columns', 'rows'],
        properties: {
          name: { enum: [...REVIEW_SHEETS] },
          columns: strings,
          rows: {
            type: 'array',
            items: { type: 'object', additionalProperties: { anyOf: [str, { type: 'number' }, { type: 'boolean' }] } },
          },
        },
      },
    },
  },
} as const;

/** review.json's text as ReviewData, or every problem (file:line:column, JSON path, what was expected). */
export function parseReviewJson(text: string, label: string): { data: ReviewData } | { problems: Problem[] } {
  let parsed;
  try {
    parsed = parseDataText(text, label, true);
  } catch (e) {
    if (e instanceof DataFileError) return { problems: e.problems };
    throw e;
  }
  const problems = schemaProblems(parsed, REVIEW_JSON_SCHEMA);
  if (problems.length) return { problems };
  const data = parsed.value as ReviewData;
  const seen = new Set<string>();
  data.sheets.forEach((s, i) => {
    if (seen.has(s.name)) {
      const at = parsed.locate(['sheets', i, 'name']);
      problems.push({
        code: 'duplicate',
        message: 'a sheet given twice',
        origin: { file: label, line: at.line, columns: { at: at.column }, path: `$.sheets[${i}].name` },
        field: 'at',
        value: s.name,
        expected: 'each sheet once',
      });
    }
    seen.add(s.name);
  });
  return problems.length ? { problems } : { data };
}
