// What the commands write, as the tests expect it: the files of each command's --out folder and the sheets of
// compliance.xlsx, complete lists written out here (never read from the code under test), shared by every test that
// checks them.

/** What `rolecheck report --from LOG` writes. */
export const REPORT_FILES: readonly string[] = [
  'compliance.csv',
  'compliance.html',
  'compliance.json',
  'compliance.xlsx',
  'findings.csv',
  'junit.xml',
  'manifest.json',
  'messages.ndjson',
  'rules.csv',
  'specification.html',
  'summary.csv',
];

/** The effective-access data files an audit writes (access/ of its --out folder), for an export within their limits. */
export const ACCESS_FILES: readonly string[] = [
  'access/profile-access.csv',
  'access/profiles.csv',
  'access/role-resources.csv',
  'access/roles.csv',
  'access/user-access.csv',
  'access/users.csv',
  'access/who-can.csv',
];

/** What `rolecheck run` writes: the report, and cucumber's own HTML and its list of undefined steps. */
export const RUN_FILES: readonly string[] = [...REPORT_FILES, 'cucumber.html', 'undefined-steps.txt'].sort();

/** What `rolecheck audit` writes: the same, the export's findings and environment data (access/), and cucumber's log. */
export const AUDIT_FILES: readonly string[] = [...RUN_FILES, 'access', 'cucumber.log', 'environment.json', 'findings.json'].sort();

/** The sheets of compliance.xlsx, in order. */
export const REPORT_SHEETS: readonly string[] = ['Summary', 'Findings', 'Role privileges', 'User access', 'Who can', 'Matrix', 'Rules'];

/** The sheets an access review adds after them (review.json's "History" is named "Run history": Excel reserves the name). */
export const REVIEW_SHEETS: readonly string[] = ['Changes', 'Review items', 'Waivers', 'Sign-off', 'Run history'];
