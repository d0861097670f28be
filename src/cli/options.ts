/**
 * What the command line accepts beyond what yargs checks itself, and yargs' own complaints turned
 * into sentences. Every wrong command line is refused with one sentence and exit 64, never
 * silently read as something else (a repeated --format, --threads 0x10).
 */

/** A command line that cannot be run as given; its message is the sentence shown. */
export class UsageError extends Error {}

/**
 * The one value of option `name`: refused when given twice (yargs collects repeats in an array),
 * empty, or not one of `choices`.
 */
export function singleValue<T extends string>(
  args: Record<string, unknown>,
  name: string,
  choices?: readonly T[],
): T | undefined {
  const raw = args[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) {
    throw new UsageError(
      `--${name} was given ${raw.length} times (${raw.map((v) => JSON.stringify(String(v))).join(', ')}): give it once`,
    );
  }
  const value = String(raw);
  if (value.trim() === '') throw new UsageError(`--${name} needs a value${choices ? `: ${choices.join(', ')}` : ''}`);
  if (choices && !choices.includes(value as T))
    throw new UsageError(`--${name} takes ${orList(choices)}, not ${JSON.stringify(value)}`);
  return value as T;
}

/** --threads: a whole number from 1 to 64 written in decimal digits (Number() would take 0x10 and 1e1). */
export function threadCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= 1 && n <= 64))
    throw new UsageError(`--threads takes a whole number from 1 to 64, not ${JSON.stringify(raw)}`);
  return n;
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** yargs' validation messages, said as exotrace says things. */
export function usageSentence(msg: string, argv: readonly string[], commands: readonly string[]): string {
  let m = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (m) {
    const first = argv.find((a) => !a.startsWith('-'));
    if (first !== undefined && argv.indexOf(first) === 0 && !commands.includes(first)) {
      return `there is no command ${JSON.stringify(first)}: the commands are ${orList(commands)}`;
    }
    const names = m[1]!.split(', ').map((n) => (argv.includes(n) ? JSON.stringify(n) : `--${n}`));
    return names.length === 1
      ? `unknown option or argument ${names[0]}`
      : `unknown options or arguments ${names.join(', ')}`;
  }
  m = /^Not enough arguments following: (.*)$/.exec(msg);
  if (m) return `--${m[1]} needs a value`;
  m = /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(msg);
  if (m) return `--${m[1]} takes ${m[3]}, not ${m[2]}`;
  return msg;
}

/** What --redact may name: addresses (the default when it names nothing) or subjects too. */
export const REDACT_VALUES = ['addresses', 'subjects'] as const;

/**
 * `--redact` takes an optional value, which yargs cannot tell from a file name that follows it
 * (`analyze --redact trace.csv`): a value is taken only when it is one of REDACT_VALUES, and a
 * bare --redact becomes --redact=addresses before yargs reads the line.
 */
export function withRedactValue(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a !== '--redact') out.push(a);
    else if ((REDACT_VALUES as readonly string[]).includes(argv[i + 1] ?? '')) out.push(`--redact=${argv[++i]}`);
    else out.push('--redact=addresses');
  }
  return out;
}

/** The redaction asked for, if any. */
export function redactOption(args: Record<string, unknown>): { subjects: boolean } | undefined {
  const value = singleValue(args, 'redact', REDACT_VALUES);
  return value === undefined ? undefined : { subjects: value === 'subjects' };
}
