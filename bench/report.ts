// Report section placeholder: replaced below once the Playwright measurement is written.
export async function report(_o: { runs: number; users: number }): Promise<Record<string, unknown>> { throw new Error('report: not measured yet'); }
