// How long a step may take: cucumber's default (5 s), unless `rolecheck audit --step-timeout <seconds>` sets
// ROLECHECK_STEP_TIMEOUT_MS (a large export can need longer). A step that exceeds it fails, and the audit reports
// the whole run as INCOMPLETE (exit code 3), whatever --fail-on says.
import { setDefaultTimeout } from '@cucumber/cucumber';

const ms = Number(process.env.ROLECHECK_STEP_TIMEOUT_MS);
if (Number.isFinite(ms) && ms > 0) setDefaultTimeout(ms);
