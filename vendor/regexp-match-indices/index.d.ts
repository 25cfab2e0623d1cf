/** `regexp.exec(string)` with match indices (the `d` flag), as regexp-match-indices exports it. */
declare function exec(regexp: RegExp, string: string): exec.RegExpExecArray | null;
declare namespace exec {
  type RegExpExecIndicesArray = RegExpIndicesArray;
  type RegExpExecArray = globalThis.RegExpExecArray & { indices: RegExpIndicesArray };
}
export = exec;
