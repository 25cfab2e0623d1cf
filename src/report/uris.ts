// Feature paths as a reader of the report knows them. `rolecheck audit` runs cucumber in the package root (so the
// package's own features are always `features/…`, wherever it is installed), which makes cucumber name an
// organisation's policies from there (`../../contoso/policies/a.feature`). Such a path is renamed relative to the
// folder the command was started from (`contoso/policies/a.feature`) before the report is built and the message
// log written, so the report, the log and a report rebuilt from the log all use the same name.
import type { Envelope } from '@cucumber/messages';
import { isAbsolute, relative, resolve } from 'node:path';

export interface UriBase {
  /** cucumber's working directory */ from: string;
  /** the command's */ to: string;
}

export function displayUri(uri: string, base: UriBase): string {
  if (!uri.startsWith('..') && !isAbsolute(uri)) return uri;
  const rel = relative(base.to, resolve(base.from, uri));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : uri;
}

/** The envelopes with their feature paths renamed (copies; cucumber's own envelopes are left untouched). */
export function withDisplayUris(envelopes: readonly Envelope[], base: UriBase): Envelope[] {
  const re = (uri: string | undefined) => (uri === undefined ? uri : displayUri(uri, base));
  return envelopes.map((e) => {
    if (e.source) return { ...e, source: { ...e.source, uri: re(e.source.uri)! } };
    if (e.gherkinDocument) return { ...e, gherkinDocument: { ...e.gherkinDocument, uri: re(e.gherkinDocument.uri) } };
    if (e.pickle) return { ...e, pickle: { ...e.pickle, uri: re(e.pickle.uri)! } };
    if (e.parseError)
      return { ...e, parseError: { ...e.parseError, source: { ...e.parseError.source, uri: re(e.parseError.source.uri)! } } };
    return e;
  });
}
