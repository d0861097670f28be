/**
 * Local rules (`--rules FILE`): an admin teaches exotrace a failure text of their own environment
 * without code. A rule is a pattern (a regular expression, read case-insensitively) and/or a
 * status code, and the cause it names: a catalog id, or a new local cause (`local.…`) with its
 * title, owner, explanation and fix. Rules are tried before the built-in catalog, in file order.
 * JSON or YAML; checked in one pass with every problem named by its place in the file.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { ExotraceError } from '../model/errors.js';
import type { Cause, Owner } from './types.js';

/** One rule as the classifier takes it (plain data: it goes to worker threads as it is). */
export interface LocalRule {
  /** its name in evidence: the file's `name`, else `rule N` */
  name: string;
  cause: string;
  /** a regular expression's source, read case-insensitively against the reply */
  pattern?: string;
  /** an enhanced (x.y.z) or basic (3 digits) status code the reply must carry */
  code?: string;
  /** the sender's address must be in one of these domains (or their subdomains), lower-case */
  senderDomains?: string[];
  /** the recipient's address must be in one of these domains (or their subdomains), lower-case */
  recipientDomains?: string[];
}

/** Whether `address` is in `domain` or one of its subdomains. */
function inDomain(address: string | undefined, domains: readonly string[]): boolean {
  const at = address?.lastIndexOf('@') ?? -1;
  if (at < 0) return false;
  const d = address!.slice(at + 1).toLowerCase();
  return domains.some((x) => d === x || d.endsWith(`.${x}`));
}

/** Whether the rule's domain conditions hold for a delivery from `sender` to `recipient`. */
export function domainsHold(rule: LocalRule, sender: string | undefined, recipient: string): boolean {
  return (
    (rule.senderDomains === undefined || inDomain(sender, rule.senderDomains)) &&
    (rule.recipientDomains === undefined || inDomain(recipient, rule.recipientDomains))
  );
}

export const hasDomains = (rule: LocalRule): boolean =>
  rule.senderDomains !== undefined || rule.recipientDomains !== undefined;

export interface LocalRules {
  /** the file, for the report's note */
  source: string;
  rules: LocalRule[];
  /** the new local causes the rules name */
  causes: Cause[];
}

const OWNERS: readonly Owner[] = ['sender', 'recipient', 'tenant-admin', 'transient', 'unknown'];

const DOMAIN = { type: 'string', pattern: '^(?!-)[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+$' } as const;

const schema = {
  $defs: { domains: { oneOf: [DOMAIN, { type: 'array', minItems: 1, items: DOMAIN }] } },
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['cause'],
        anyOf: [{ required: ['pattern'] }, { required: ['code'] }],
        properties: {
          name: { type: 'string', minLength: 1 },
          pattern: { type: 'string', minLength: 1 },
          code: { type: 'string', pattern: '^([245]\\.\\d{1,3}\\.\\d{1,3}|[245]\\d\\d)$' },
          senderDomain: { $ref: '#/$defs/domains' },
          recipientDomain: { $ref: '#/$defs/domains' },
          cause: {
            oneOf: [
              { type: 'string', minLength: 1 },
              {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'title', 'owner', 'explanation', 'fix'],
                properties: {
                  id: { type: 'string', pattern: '^local\\.[a-z0-9][a-z0-9.-]*$' },
                  title: { type: 'string', minLength: 1 },
                  owner: { enum: OWNERS },
                  explanation: { type: 'string', minLength: 1 },
                  fix: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                  references: { type: 'array', items: { type: 'string' } },
                },
              },
            ],
          },
        },
      },
    },
  },
} as const;

interface RawRule {
  name?: string;
  pattern?: string;
  code?: string;
  senderDomain?: string | string[];
  recipientDomain?: string | string[];
  cause:
    string | { id: string; title: string; owner: Owner; explanation: string; fix: string[]; references?: string[] };
}

function domainsOf(key: 'senderDomains' | 'recipientDomains', v: string | string[] | undefined) {
  if (v === undefined) return {};
  return { [key]: (Array.isArray(v) ? v : [v]).map((d) => String(d).toLowerCase()) };
}

/** `rules[2].pattern` from ajv's `/rules/2/pattern`. */
function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** Reads and checks a rules file's text; `knownIds` are the catalog's cause ids. */
export function parseLocalRules(text: string, source: string, knownIds: ReadonlySet<string>): LocalRules {
  let doc: unknown;
  try {
    doc = /\.json$/i.test(source) ? JSON.parse(text.replace(/^\uFEFF/, '')) : parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ExotraceError(
      'EXO_RULES_INVALID',
      `the rules file cannot be read: ${(e as Error).message.split('\n')[0]}`,
      {
        source,
      },
    );
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile(schema);
  const problems: string[] = [];
  const valid = validate(doc);
  if (!valid)
    for (const e of validate.errors ?? []) {
      // a domain condition's branches (one name, or a list) say one thing: it is no domain name
      if (/Domain(\/\d+)?$/.test(e.instancePath)) {
        if (e.keyword === 'oneOf')
          problems.push(`${keyPath(e.instancePath)} must be a domain name (such as fabrikam.com), or a list of them`);
        continue;
      }
      // anyOf and oneOf say what their branches say again: keep the one sentence that helps
      if (e.keyword === 'oneOf') continue;
      if (e.keyword === 'required' && ['pattern', 'code'].includes(String(e.params.missingProperty))) continue;
      if (e.keyword === 'type' && /\/cause$/.test(e.instancePath) && e.schemaPath.includes('/oneOf/0')) continue;
      const at = keyPath(e.instancePath) || 'the file';
      problems.push(
        e.keyword === 'anyOf'
          ? `${at} needs a pattern, a code, or both`
          : e.keyword === 'additionalProperties'
            ? `${at} has ${String((e.params as { additionalProperty: string }).additionalProperty)}, which no rule takes`
            : e.keyword === 'required'
              ? `${at} needs ${String(e.params.missingProperty)}`
              : /\/cause\/id$/.test(e.instancePath)
                ? `${at} must start with "local." (a new cause's id, such as local.printer-relay)`
                : `${at} ${e.message ?? 'is not valid'}`,
      );
    }
  const rules: LocalRule[] = [];
  const causes: Cause[] = [];
  // the rules' own checks run beside the schema's, so that one pass names every problem
  const list = (doc as { rules?: unknown }).rules;
  if (Array.isArray(list)) {
    (list as RawRule[]).forEach((r, i) => {
      if (r === null || typeof r !== 'object') return;
      const at = `rules[${i}]`;
      if (typeof r.pattern === 'string')
        try {
          new RegExp(r.pattern, 'i');
        } catch (e) {
          problems.push(`${at}.pattern is not a regular expression: ${(e as Error).message}`);
        }
      let id: string;
      if (r.cause === null || r.cause === undefined) return;
      if (typeof r.cause === 'string') {
        id = r.cause;
        if (!knownIds.has(id) && !causes.some((c) => c.id === id))
          problems.push(
            `${at}.cause ${JSON.stringify(id)} is no cause id of the catalog (the ids reports show, such as recipient.not-found) nor a local one`,
          );
      } else {
        id = r.cause.id;
        if (valid && !causes.some((c) => c.id === id))
          causes.push({
            id,
            title: r.cause.title,
            owner: r.cause.owner,
            explanation: r.cause.explanation,
            fix: [...r.cause.fix],
            references: [...(r.cause.references ?? [])],
            signals: {},
          });
      }
      rules.push({
        name: r.name ?? `rule ${i + 1}`,
        cause: id,
        ...(r.pattern !== undefined ? { pattern: r.pattern } : {}),
        ...(r.code !== undefined ? { code: r.code } : {}),
        ...domainsOf('senderDomains', r.senderDomain),
        ...domainsOf('recipientDomains', r.recipientDomain),
      });
    });
  }
  if (problems.length > 0)
    throw new ExotraceError(
      'EXO_RULES_INVALID',
      `the rules file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}.`,
      { source },
    );
  return { source, rules, causes };
}
