/** The command line itself is wrong (unknown command, missing argument): usage text, exit 2. */
export class UsageError extends Error {}
