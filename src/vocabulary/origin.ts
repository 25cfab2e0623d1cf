// Where a fact came from, so that errors and findings can point at it (file:line:column or a JSON path), and the
// shape of one problem found in the input. Problems are never thrown alone: collected, then raised together.

export interface Origin {
  file: string;
  line: number;
  /** 1-based column number of each field of the row, by field name. */
  columns?: Record<string, number>;
  /** For JSON and XML inputs: the path of the value (`value[3]._businessunitid_value`). */
  path?: string;
}

export interface Problem {
  code: string;
  message: string;
  origin?: Origin;
  /** The field (CSV column) that holds the bad value. */
  field?: string;
  value?: string;
  expected?: string;
  suggestions?: string[];
}
