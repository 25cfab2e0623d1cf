// Placeholder sections, filled in below as the CLI, the tenant reader and the report land.
export async function audit(_o: { runs: number }): Promise<Record<string, unknown>> { throw new Error('audit: not implemented yet'); }
export async function suite(_o: { runs: number }): Promise<Record<string, unknown>> { throw new Error('suite: not implemented yet'); }
export async function report(): Promise<Record<string, unknown>> { throw new Error('report: not implemented yet'); }
