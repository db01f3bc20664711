/**
 * The error of a bad command-line flag or value.
 *
 * @module
 */

/**
 * A bad command-line flag or value; scripts exit with status 2.
 *
 * @example
 * ```ts
 * import { UsageError } from "./cli.ts";
 * console.log(new UsageError("Unknown flag --x").name); // UsageError
 * ```
 */
export class UsageError extends Error {
  /** Builds the error. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
