// The command's V8 tuning (bin/tiering.mjs): the interrupt budget is set before the command's modules load, in the
// installed command and in the tests' launcher alike, and a budget the user gives is left alone. What it is worth is
// measured by `npm run bench -- --only tiering`, never here.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString, default: { setFlagsFromString } }));

const load = async () => {
  vi.resetModules();
  setFlagsFromString.mockClear();
  return await import('../bin/tiering.mjs');
};

describe('bin/tiering.mjs', () => {
  const saved = process.execArgv;
  afterEach(() => {
    process.execArgv = saved;
  });

  it('sets an interrupt budget 16 times V8 default', async () => {
    process.execArgv = [];
    const { INTERRUPT_BUDGET } = await load();
    expect(INTERRUPT_BUDGET).toBe(16 * 67_584);
    expect(setFlagsFromString.mock.calls).toEqual([[`--interrupt-budget=${INTERRUPT_BUDGET}`]]);
  });

  it('leaves a budget given on the command line, with - or _', async () => {
    process.execArgv = ['--interrupt-budget=67584'];
    await load();
    expect(setFlagsFromString).not.toHaveBeenCalled();
    process.execArgv = ['--interrupt_budget=1000'];
    await load();
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it("is set when only V8's other budgets are given", async () => {
    process.execArgv = ['--interrupt-budget-for-feedback-allocation=940'];
    const { INTERRUPT_BUDGET } = await load();
    expect(setFlagsFromString.mock.calls).toEqual([[`--interrupt-budget=${INTERRUPT_BUDGET}`]]);
  });

  it('is the first import of the command and of the tests launcher', () => {
    const firstImport = (file: string) => /^import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/m.exec(readFileSync(file, 'utf8'))?.[1];
    expect(firstImport('bin/rolecheck.mjs')).toBe('./tiering.mjs');
    expect(firstImport('test/setup/rolecheck.mjs')).toBe('../../bin/tiering.mjs');
  });
});
