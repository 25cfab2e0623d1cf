'use strict';
// Stand-in for regexp-match-indices 1.0.2, whose one user here is @cucumber/cucumber-expressions (see "overrides" in
// the project's package.json). The published polyfill decides whether match indices are native by running a regexp
// without the `d` flag, which never returns indices, so it always takes its fallback: the first match of each step
// definition parses the definition's regexp with regexp-tree (about 1 ms each while cold), and every match runs a
// second regexp with extra capture groups to measure where each group starts. With the specification's 65 step
// definitions, whose `{string}` parameters are five capture groups each, and every step matched twice, this was
// the largest single cost of a run (docs/performance.md, "Suite overhead"). Node >= 16 has the `d` flag (ES2022),
// which gives the indices from the one match: the same on every step of the specification, and for a group
// repeated by a quantifier the last iteration (the polyfill put its length at the first iteration's start).
const nativeExec = RegExp.prototype.exec;

/** The same pattern with the `d` flag, made once per regexp (a regexp's source and flags never change). */
const withIndices = new WeakMap();

/** `regexp.exec(string)` with `indices`; like the polyfill, it reads and updates `regexp.lastIndex`. */
function exec(regexp, string) {
  if (regexp.hasIndices) return nativeExec.call(regexp, string);
  let d = withIndices.get(regexp);
  if (d === undefined) {
    d = new RegExp(regexp.source, `${regexp.flags}d`);
    withIndices.set(regexp, d);
  }
  d.lastIndex = regexp.lastIndex;
  const match = nativeExec.call(d, string);
  regexp.lastIndex = d.lastIndex;
  return match;
}

module.exports = exec;
