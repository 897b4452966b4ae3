/**
 * Thrown by {@link loadConfig} when the environment is invalid. Its message is one line naming
 * every bad variable, meant to be printed as-is before the process exits.
 *
 * @example
 * try {
 *   loadConfig({ PORT: 'eighty' });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.message);
 * }
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One entry per invalid variable, e.g. `PORT must be an integer from 0 to 65535 (got "x")`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
