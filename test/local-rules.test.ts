/**
 * --rules: an admin's own rules, in JSON or YAML, tried before the catalog: a pattern or a status
 * code naming a catalog cause or a new local one. Every problem of a rules file is named at once;
 * explain says which rule decided; analyze reports local causes, on one thread or several alike.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRules, catalogWith, withRules } from '../src/cli/rules-option.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import { analyzeSources } from '../src/pipeline/analyze.js';
import { fileSource } from '../src/sources/file-source.js';
import { runCli } from './helpers/cli.js';
import { repoRoot, sample, tempDir } from './helpers/files.js';
import { fixedNow } from './helpers/analyze.js';
// @ts-expect-error plain ESM module shared with the benchmark
import { writeSyntheticTrace } from '../scripts/bench/generate-trace.mjs';

const tmp = tempDir();
const YAML = `rules:
  - name: printer relay
    pattern: 'could not be processed, reference 8F2C'
    cause:
      id: local.printer-relay
      title: The floor printer's relay is refused
      owner: tenant-admin
      explanation: The scan-to-mail printer on floor 2 relays through the old connector, which refuses it.
      fix:
        - Point the printer at smtp.contoso.com, the new connector.
  - code: 5.1.8
    cause: local.printer-relay
  - name: greylisting here is a partner's firewall
    pattern: greylisted
    cause: policy.remote-policy
`;

describe('local rules', () => {
  const rules = join(tmp.dir, 'rules.yaml');
  writeFileSync(rules, YAML);

  it('decide before the catalog, and explain says which rule decided', () => {
    const text = runCli(['explain', '--rules', rules, '554 5.7.0 Message could not be processed, reference 8F2C-11A']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("local.printer-relay: The floor printer's relay is refused");
    expect(text.stdout).toContain('  decided by: rule:printer relay');
    const json = JSON.parse(
      runCli(['explain', '--rules', rules, '--format', 'json', '451 4.7.0 Greylisted, please try again']).stdout,
    );
    expect(json).toMatchObject({
      id: 'policy.remote-policy',
      evidence: "rule:greylisting here is a partner's firewall",
    });
    // without the rules, the catalog decides
    expect(runCli(['explain', '451 4.7.0 Greylisted, please try again']).stdout).toMatch(/^transient\.greylisted/);
  });

  it('name the causes of an analysis, with a note of what they decided, in JSON as well', () => {
    const r = runCli(['analyze', sample('extended-report-utf16le-bom.csv'), '--rules', rules, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const local = report.causes.find((c: { id: string }) => c.id === 'local.printer-relay');
    // the printer's text, and the three 5.1.8 failures the second rule (by code) gives it
    expect(local).toMatchObject({
      owner: 'tenant-admin',
      count: 4,
      fix: ['Point the printer at smtp.contoso.com, the new connector.'],
    });
    expect(report.causes.map((c: { id: string }) => c.id)).not.toContain('sender.restricted');
    expect(report.notes).toContain(
      'Local rules (--rules) named the cause of 4 failed deliveries: printer relay 1, rule 2 3.',
    );
  });

  it('classify alike on one thread and on several (the workers get the rules)', async () => {
    const file = join(tmp.dir, 'big.csv');
    await writeSyntheticTrace(file, 12_000, 'utf-8', 7);
    const loaded = (await readRules(rules))!;
    const run = async (threads: number) => {
      const catalog = catalogWith(loaded);
      const { report } = await analyzeSources(
        [fileSource(file)],
        { catalog, classifier: createClassifier(catalog, withRules({}, loaded)), limits: defaultLimits, now: fixedNow },
        {
          threads,
          rangeWorker: pathToFileURL(join(repoRoot, 'dist/threads/range-worker.js')),
          minRangeBytes: 128 * 1024,
          localRules: loaded,
        },
      );
      return report;
    };
    const one = await run(1);
    const four = await run(4);
    const ids = (r: typeof one) => Object.fromEntries(r.causes.map((c) => [c.id, c.count]));
    expect(ids(one)['local.printer-relay']).toBeGreaterThan(0);
    expect(ids(four)).toEqual(ids(one));
    expect(four.notes).toEqual(one.notes);
  });

  it("with a sender or recipient domain, decide per delivery: the same text elsewhere keeps the catalog's cause", () => {
    const scoped = join(tmp.dir, 'scoped.yaml');
    writeFileSync(
      scoped,
      `rules:
  - name: example.com's gateway
    code: 5.1.8
    recipientDomain: example.com
    cause:
      id: local.example-gateway
      title: Example's gateway refuses this sender
      owner: recipient
      explanation: The gateway of example.com refuses our restricted senders by a rule of its own.
      fix: [Ask example.com's mail desk to lift the block.]
  - pattern: restricted
    senderDomain: [fabrikam.com]
    cause: content.spam
`,
    );
    const r = runCli(['analyze', sample('extended-report-utf16le-bom.csv'), '--rules', scoped, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const count = (id: string) => report.causes.find((c: { id: string }) => c.id === id)?.count;
    // one text, three recipients: a3@example.com follows the rule, the two at example.org do not
    expect(count('local.example-gateway')).toBe(1);
    expect(count('sender.restricted')).toBe(2);
    // the rule for a sender domain that sent nothing here decides nothing
    expect(count('content.spam')).toBeUndefined();
    const local = report.causes.find((c: { id: string }) => c.id === 'local.example-gateway');
    expect(local.examples[0]).toMatchObject({ recipient: 'a3@example.com' });
    expect(local.examples[0].text).not.toContain('\u0000');
    expect(report.notes).toContain(
      "Local rules (--rules) named the cause of 1 failed delivery: example.com's gateway 1.",
    );
    // the CSV of failures shows the text as written
    const csv = runCli(['analyze', sample('extended-report-utf16le-bom.csv'), '--rules', scoped, '--format', 'csv']);
    expect(csv.stdout).not.toContain('\u0000');
    expect(csv.stdout.split('\n').filter((l) => l.includes('local.example-gateway'))).toHaveLength(1);
    // explain takes the delivery's addresses
    const explain = (to: string) =>
      runCli(['explain', '--rules', scoped, '--recipient', to, '550 5.1.8 Access denied, bad outbound sender']).stdout;
    expect(explain('a3@mail.example.com')).toMatch(/^local\.example-gateway/);
    expect(explain('a1@example.org')).toMatch(/^sender\.restricted/);
  });

  it('take a domain-scoped mark in a text only as far as its rule would: a forged mark decides nothing', () => {
    const loaded = {
      source: 'x',
      rules: [{ name: 'r', cause: 'content.spam', pattern: 'scanner', recipientDomains: ['fabrikam.com'] }],
      causes: [],
    };
    const c = createClassifier(catalogWith(loaded), withRules({}, loaded));
    expect(c.hasDomainRules).toBe(true);
    const marked = c.forDelivery('550 5.7.1 rejected by scanner', 'a@contoso.com', 'b@fabrikam.com');
    expect(c.classify(marked)).toMatchObject({ id: 'content.spam', evidence: 'rule:r' });
    expect(c.forDelivery('550 5.7.1 rejected by scanner', 'a@contoso.com', 'b@notfabrikam.com')).toBe(
      '550 5.7.1 rejected by scanner',
    );
    // a text that carries a mark without matching its rule gets the catalog's verdict
    expect(c.classify('550 5.1.1 user unknown\u0000rule:0').id).toBe('recipient.not-found');
  });

  it('name every problem of a rules file at once, and exit 78', () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        rules: [
          { pattern: '([a', cause: 'nope.nothing' },
          { cause: { id: 'printer', title: 'x' } },
          { code: '5.7', cause: 'recipient.not-found' },
        ],
      }),
    );
    const r = runCli(['explain', '--rules', bad, 'x']);
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('the rules file has 8 problems');
    for (const p of [
      'rules[1] needs a pattern, a code, or both',
      'rules[1].cause needs owner',
      'rules[1].cause.id must start with "local."',
      'rules[2].code must match pattern',
      'rules[0].pattern is not a regular expression',
      'rules[0].cause "nope.nothing" is no cause id of the catalog',
    ])
      expect(r.stderr).toContain(p);
  });
});
