// Every problem at once, even when a file is broken: a file that could not be read whole (an unclosed quote, a
// missing column, invalid UTF-8…) used to stop the model's checks of every other file, so a malformed
// environment.csv hid an unknown user in role-assignments.csv. The model is built from what was read, and its
// problems are kept unless the broken files could be their cause: a row of a broken file (its other rows may be
// lost), a reference to a kind of name that a broken file defines (the name may be in the lost rows), and, when
// environment.csv is broken, whatever depends on the environment (its type, whether it has Dataverse).
import { buildModel, SpecError, type EnvironmentSpec, type Problem } from '../model/index.ts';

/** Problems after which a file's rows are incomplete (csv.ts, read-input.ts and load.ts report them). */
const STRUCTURAL = new Set([
  'missing-file',
  'missing-column',
  'empty-file',
  'malformed-csv',
  'column-count',
  'duplicate-column',
  'no-environment',
  'unreadable-file',
  'invalid-utf8',
  'not-utf8',
  'control-character',
  'nul-byte',
]);

/** The files whose rows define the names a problem of this code refers to: a record whose owner or table is unknown is
 *  left out by the model, so a broken users.csv, teams.csv or tables.csv can make a record unknown too. */
const DEFINED_IN: Record<string, string[]> = {
  'unknown-user': ['users.csv'],
  'unknown-team': ['teams.csv'],
  'unknown-role': ['roles.csv'],
  'unknown-business-unit': ['business-units.csv'],
  'unknown-record': ['records.csv', 'users.csv', 'teams.csv', 'tables.csv'],
  'unknown-table': ['tables.csv'],
  'org-owned-depth': ['tables.csv'],
  'org-owned-record': ['tables.csv'],
  'bad-privilege': ['tables.csv'],
};

/** Model problems that hold whatever the environment row says are few; these depend on it. */
const ENVIRONMENT_DEPENDENT = /dataverse|business-units|missing-value/;

/** The files whose rows are incomplete, by the problems found reading them. */
export function brokenFiles(problems: readonly Problem[]): Set<string> {
  return new Set(problems.filter((p) => STRUCTURAL.has(p.code) && p.origin).map((p) => p.origin!.file));
}

/** The model's problems that the broken files cannot have caused (see above); [] when nothing is broken. */
export function problemsDespiteBrokenFiles(spec: EnvironmentSpec, problems: readonly Problem[]): Problem[] {
  const broken = brokenFiles(problems);
  if (broken.size === 0) return [];
  let found: Problem[];
  try {
    buildModel(spec);
    return [];
  } catch (e) {
    if (!(e instanceof SpecError)) return [];
    found = e.problems;
  }
  const environment = broken.has('environment.csv');
  return found.filter(
    (p) =>
      p.origin &&
      p.origin.file !== 'environment.csv' &&
      !broken.has(p.origin.file) &&
      !(DEFINED_IN[p.code] ?? []).some((f) => broken.has(f)) &&
      !(environment && ENVIRONMENT_DEPENDENT.test(p.code)),
  );
}
