// How eagerly V8 optimises, for the `rolecheck` command (imported first by bin/rolecheck.mjs).
//
// V8 hands a function to its optimising compiler (TurboFan) after a small amount of interpreted work: its "interrupt
// budget", 66 KB of bytecode by default in Node 20. A rolecheck command runs most functions of cucumber, the report
// and the model a few hundred times and ends: the optimising it started took about a quarter of the CPU of an audit
// of the bundled example and never paid back. With a budget 16 times larger, the code that runs long (the evaluator,
// the CSV readers, a large audit or a million `check` queries) is still optimised, a moment later. `npm run bench --
// --only tiering` measures both against V8's default in the same run. A budget given on the command line
// (`node --interrupt-budget=N`) is left as it is.
import { setFlagsFromString } from 'node:v8';

/** The interrupt budget the command runs with: 16 × V8's default (67,584). */
export const INTERRUPT_BUDGET = 1_081_344;

// V8 reads `-` and `_` alike in flag names; its other budgets (`--interrupt-budget-for-feedback-allocation`…) are not this one.
// (NODE_OPTIONS cannot carry it: Node refuses V8 flags there but for a few.)
const given = process.execArgv.some((a) => /^--interrupt[-_]budget=/.test(a));
// Set before any of the command's modules is loaded: only budgets allocated from now on use it.
if (!given) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
