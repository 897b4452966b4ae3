/**
 * Reads a `.env` file as Compose does for the common forms: `NAME=value`, `export NAME=value`,
 * single or double quotes around the value, `#` comments on their own line or after whitespace.
 * A line that only names a variable (`NAME`) is skipped, as Compose leaves it unset.
 *
 * @example
 * parseEnvFile('# demo\nPORT=8787\nOPENAI_MODEL="gpt-4o-mini" # default\n');
 * // { PORT: '8787', OPENAI_MODEL: 'gpt-4o-mini' }
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] === undefined) continue;
    env[match[1]] = unquote(match[2] ?? '');
  }
  return env;
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = value.indexOf(quote, 1);
    if (end > 0) return value.slice(1, end);
  }
  return value.replace(/\s+#.*$/, '');
}
