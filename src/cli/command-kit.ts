// What every command registration shares, kept light (main.ts loads it for `--help`): running a command's action
// with input and usage errors printed and turned into exit code 2, and the repeatable `--solution` option.
import { InputError } from './errors.ts';
import { printError } from './terminal.ts';

/**
 * A command's action: its exit code goes to `setCode`; an InputError (bad input or usage) is printed and is exit
 * code 2; anything else is a bug and propagates.
 */
export function actionRunner(setCode: (code: number) => void): (f: () => Promise<number>) => () => Promise<void> {
  return (f) => async () => {
    try {
      setCode(await f());
    } catch (e) {
      if (e instanceof InputError) {
        printError(e.message);
        setCode(2);
        return;
      }
      throw e;
    }
  };
}

/** `--solution` is repeatable: each one is collected in order. */
export const collectSolutions = (value: string, previous: string[] = []): string[] => [...previous, value];

export const SOLUTION_HELP = 'a solution (unpacked folder or .zip) whose security roles and tables join the export; repeatable';
