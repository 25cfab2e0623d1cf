// The command's own error kinds, in a module that loads nothing else (start-up stays fast).

/** Raised for an input or usage error: the command prints it and exits with code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
