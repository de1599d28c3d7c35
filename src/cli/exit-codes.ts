/** Process exit codes, defined once (the README's "Exit codes"). */
export const EXIT = {
  complete: 0,
  internalError: 1,
  usage: 2,
  locked: 3,
  waiting: 10,
  blocked: 11,
  providerFailed: 12,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
