// How the tests start the command in a child process.
import { resolve } from 'node:path';

/**
 * The script to give node for `rolecheck …`: the compiled dist/ of this checkout, as the installed package runs it
 * (test/setup/rolecheck.mjs). A test about the checkout's own start-up (bin/rolecheck.mjs through tsx) names
 * bin/rolecheck.mjs itself.
 */
export const ROLECHECK = resolve('test/setup/rolecheck.mjs');
