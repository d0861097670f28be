/**
 * From folded deliveries to the report: totals by state, failures grouped by cause with their
 * most frequent texts as examples. Pure apart from reading the fold; classification is done
 * once per distinct text.
 */
import { noReasonCause, type Catalog } from '../catalog/index.js';
import type { Classifier, VerdictSummary } from '../classify/classifier.js';
import type { Limits } from '../model/limits.js';
import type {
  AuthDomainReport,
  AuthenticationHealth,
  AuthProblem,
  CauseExample,
  Report,
  ReportCause,
  ReportTotals,
  UnclassifiedCluster,
} from '../model/report.js';
import type { Issue } from '../model/errors.js';
import type { AuthHealth } from './auth-health.js';
import { clusterKey } from '../classify/cluster.js';
import type { InputSummary } from '../model/input.js';
import { assumedDateOrderNote } from '../normalize/date-order.js';
import { isoTime } from '../normalize/timestamps.js';
import type { DeliveryFold } from './fold-state.js';
import { buildBreakdown } from './breakdown.js';
import { explainExpiries } from './expiry-reasons.js';
import { visibleText } from '../classify/rule-mark.js';

export interface ReportContext {
  catalog: Catalog;
  classifier: Classifier;
  limits: Limits;
  /** injected so reports are reproducible in tests */
  now: () => Date;
}

export interface ReportParts {
  fold: DeliveryFold;
  authHealth?: AuthHealth;
  inputs: InputSummary[];
  issues: Issue[];
  issuesNotListed: number;
  /** verdicts by text id, where the readers classified texts as they came (src/pipeline/fold-events.ts) */
  verdicts?: readonly VerdictSummary[];
}

const NO_TEXT = -1;

export function buildReport(parts: ReportParts, ctx: ReportContext): Report {
  const { fold } = parts;
  const totals: ReportTotals = {
    messages: fold.messages,
    deliveries: fold.deliveries,
    delivered: 0,
    failed: 0,
    pending: 0,
    quarantined: 0,
    filteredAsSpam: 0,
    expanded: 0,
    dropped: 0,
    unknown: 0,
  };

  // failed deliveries per text id (NO_TEXT for failures without a reason), and deliveries still
  // pending per the text of their last deferral
  const failedByText = new Map<number, number>();
  const deferredByText = new Map<number, number>();
  fold.forEachDelivery((rec) => {
    totals[rec.state]++;
    if (rec.state === 'failed') failedByText.set(rec.textId, (failedByText.get(rec.textId) ?? 0) + 1);
    else if (rec.state === 'pending' && rec.deferTextId >= 0)
      deferredByText.set(rec.deferTextId, (deferredByText.get(rec.deferTextId) ?? 0) + 1);
  });

  const verdicts = new Map<number, VerdictSummary>();
  parts.verdicts?.forEach((v, textId) => verdicts.set(textId, v));
  const byCause = groupByCause(failedByText, fold, ctx, verdicts);
  const byRule = new Map<string, number>();
  for (const [textId, n] of failedByText) {
    const evidence = verdicts.get(textId)?.evidence;
    if (evidence?.startsWith('rule:')) byRule.set(evidence.slice(5), (byRule.get(evidence.slice(5)) ?? 0) + n);
  }
  const causes = causeEntries(byCause, fold, ctx, verdicts);
  explainExpiries(causes, fold, (textId) => causeIdOf(verdicts, textId, fold, ctx), ctx);

  const report: Report = {
    schemaVersion: 1,
    generatedAt: ctx.now().toISOString(),
    inputs: parts.inputs.map((i) => ({ ...i, ...(i.dates ? { dates: { ...i.dates } } : {}) })),
    totals,
    causes,
    unclassified: unclassifiedClusters(fold, byCause.get('unknown') ?? [], verdicts, ctx.limits.unclassifiedListed),
    issues: parts.issues,
    issuesNotListed: parts.issuesNotListed,
    notes: notesFor(parts, failedByText.get(NO_TEXT) ?? 0),
  };
  if (byRule.size > 0) {
    const ruled = [...byRule.values()].reduce((a, b) => a + b, 0);
    report.notes.push(
      `Local rules (--rules) named the cause of ${ruled} failed ${ruled === 1 ? 'delivery' : 'deliveries'}: ` +
        [...byRule].map(([name, n]) => `${name} ${n}`).join(', ') +
        '.',
    );
  }
  if (deferredByText.size > 0)
    report.pendingCauses = causeEntries(groupByCause(deferredByText, fold, ctx, verdicts), fold, ctx, verdicts);
  if (parts.authHealth && parts.authHealth.messages > 0)
    report.authentication = authenticationReport(parts.authHealth, ctx);
  if (fold.deliveries > 0) {
    // every failed text has its verdict by now (groupByCause): read them once into arrays
    const causeOfText: string[] = [];
    const codeOfText: Array<string | undefined> = [];
    for (const textId of failedByText.keys()) {
      if (textId < 0) continue;
      causeOfText[textId] = causeIdOf(verdicts, textId, fold, ctx);
      codeOfText[textId] = verdicts.get(textId)?.enhancedCode;
    }
    const noText = causeIdOf(verdicts, NO_TEXT, fold, ctx);
    const texts = {
      causeOf: (textId: number): string => (textId < 0 ? noText : causeOfText[textId]!),
      codeOf: (textId: number): string | undefined => (textId < 0 ? undefined : codeOfText[textId]),
    };
    const { breakdown, spans } = buildBreakdown(fold, texts, ctx.limits.topListed);
    report.breakdown = breakdown;
    for (const cause of causes) {
      const span = spans.get(cause.id);
      if (span) {
        cause.firstSeen = isoTime(span.first);
        cause.lastSeen = isoTime(span.last);
      }
    }
  }
  if (!Number.isNaN(fold.firstTime)) report.period = { start: isoTime(fold.firstTime), end: isoTime(fold.lastTime) };
  return report;
}

/** The cause id of a failure with text `textId` (NO_TEXT: none), as groupByCause gave it. */
export function causeIdOf(
  verdicts: Map<number, VerdictSummary>,
  textId: number,
  fold: DeliveryFold,
  ctx: Pick<ReportContext, 'classifier'>,
): string {
  let verdict = verdicts.get(textId);
  if (!verdict) {
    verdict = textId === NO_TEXT ? ctx.classifier.classify(undefined) : ctx.classifier.classify(fold.text(textId));
    verdicts.set(textId, verdict);
  }
  return verdict.evidence === 'no-text' ? noReasonCause.id : verdict.id;
}

type TextCounts = Array<{ textId: number; count: number }>;

/**
 * Failures without any reason are grouped apart from failures whose text is not recognized: both
 * are `unknown`, but only the second has an owner (someone must read it).
 */
const NO_REASON = '\u0000no-reason';

/** Classifies each distinct text once and groups the counts by cause. */
function groupByCause(
  countsByText: ReadonlyMap<number, number>,
  fold: DeliveryFold,
  ctx: ReportContext,
  verdicts: Map<number, VerdictSummary>,
): Map<string, TextCounts> {
  const byCause = new Map<string, TextCounts>();
  for (const [textId, count] of countsByText) {
    let verdict: VerdictSummary | undefined = verdicts.get(textId);
    if (!verdict) {
      verdict = textId === NO_TEXT ? ctx.classifier.classify(undefined) : ctx.classifier.classify(fold.text(textId));
      verdicts.set(textId, verdict);
    }
    const key = verdict.evidence === 'no-text' ? NO_REASON : verdict.id;
    const list = byCause.get(key) ?? [];
    list.push({ textId, count });
    byCause.set(key, list);
  }
  return byCause;
}

/** Report entries for grouped counts, largest first, each with its catalog entry and examples. */
function causeEntries(
  byCause: ReadonlyMap<string, TextCounts>,
  fold: DeliveryFold,
  ctx: ReportContext,
  verdicts: ReadonlyMap<number, VerdictSummary>,
): ReportCause[] {
  const causes: ReportCause[] = [];
  for (const [id, texts] of byCause) {
    const cause = id === NO_REASON ? noReasonCause : ctx.catalog.byId(id);
    const examples = examplesOf(texts, verdicts, ctx.limits.examplesPerCause).map((t) =>
      exampleOf(fold, t.textId, t.count, ctx.classifier),
    );
    causes.push({
      id: cause.id,
      title: cause.title,
      owner: cause.owner,
      count: texts.reduce((sum, t) => sum + t.count, 0),
      explanation: cause.explanation,
      fix: [...cause.fix],
      references: [...cause.references],
      examples,
    });
  }
  return causes.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

function authenticationReport(health: AuthHealth, ctx: ReportContext): AuthenticationHealth {
  const domains: AuthDomainReport[] = health.domains().map((d) => {
    const problems: AuthProblem[] = Object.entries(d.verdicts)
      .filter(([id]) => id !== 'unknown')
      .map(([id, count]) => {
        const cause = ctx.catalog.byId(id);
        return { id, title: cause.title, owner: cause.owner, count, fix: [...cause.fix] };
      })
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    return {
      domain: d.domain,
      messages: d.messages,
      spf: d.spf,
      dkim: d.dkim,
      dmarc: d.dmarc,
      compauth: d.compauth,
      spamVerdicts: d.spamVerdicts,
      categories: d.categories,
      problems,
    };
  });
  const problemCount = (d: AuthDomainReport) => d.problems.reduce((s, p) => s + p.count, 0);
  domains.sort(
    (a, b) => problemCount(b) - problemCount(a) || b.messages - a.messages || a.domain.localeCompare(b.domain),
  );
  return { messages: health.messages, domains };
}

/**
 * The cause's most frequent reply shapes, each with its first text: Exchange stamps every failure
 * text with a time and the recipient's address, so exact texts rarely repeat, while the shape
 * ("550 5.1.10 … Recipient @ not found") is what a reader recognizes.
 */
function examplesOf(
  texts: TextCounts,
  verdicts: ReadonlyMap<number, VerdictSummary>,
  limit: number,
): Array<{ textId: number; count: number }> {
  const byShape = new Map<string, { textId: number; count: number }>();
  for (const t of texts) {
    if (t.textId === NO_TEXT) continue;
    const shape = verdicts.get(t.textId)?.shape ?? String(t.textId);
    const group = byShape.get(shape);
    if (group) {
      group.count += t.count;
      if (t.textId < group.textId) group.textId = t.textId;
    } else byShape.set(shape, { textId: t.textId, count: t.count });
  }
  return [...byShape.values()].sort((a, b) => b.count - a.count || a.textId - b.textId).slice(0, limit);
}

function unclassifiedClusters(
  fold: DeliveryFold,
  texts: ReadonlyArray<{ textId: number; count: number }>,
  verdicts: ReadonlyMap<number, VerdictSummary>,
  listed: number,
): UnclassifiedCluster[] {
  const clusters = new Map<string, UnclassifiedCluster>();
  for (const { textId, count } of texts) {
    // Texts without any reason are not "unrecognized": the export simply has none.
    if (textId === NO_TEXT || verdicts.get(textId)?.evidence === 'no-text') continue;
    const text = visibleText(fold.text(textId));
    const pattern = clusterKey(text);
    const c = clusters.get(pattern);
    if (c) c.count += count;
    else clusters.set(pattern, { pattern, count, example: text });
  }
  return [...clusters.values()]
    .sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern))
    .slice(0, listed);
}

function exampleOf(fold: DeliveryFold, textId: number, count: number, classifier: Classifier): CauseExample {
  // Read again for the reply and codes shown: only a few texts per cause get this far.
  const verdict = textId === NO_TEXT ? undefined : classifier.classify(fold.text(textId));
  const ex = fold.example(textId);
  const out: CauseExample = {
    text: visibleText(fold.text(textId)),
    count,
    recipient: ex.recipient,
    direction: ex.facts.direction,
    source: ex.source,
    line: ex.line,
  };
  if (ex.facts.sender) out.sender = ex.facts.sender;
  if (ex.facts.subject) out.subject = ex.facts.subject;
  if (ex.time !== undefined) out.time = isoTime(ex.time);
  const messageId = ex.facts.messageId ?? ex.facts.networkMessageId ?? ex.facts.messageTraceId;
  if (messageId) out.messageId = messageId;
  const rec = fold.delivery(ex.messageKey, ex.recipient);
  if (rec && rec.deferTextId >= 0 && rec.deferTextId !== textId) {
    const deferral = fold.text(rec.deferTextId);
    out.lastDeferral = visibleText(deferral);
    const reply = classifier.classify(deferral).reply;
    if (reply && reply !== out.lastDeferral) out.lastDeferralReply = reply;
  }
  if (verdict?.reply && verdict.reply !== out.text) out.reply = verdict.reply;
  if (verdict?.remoteHost) out.remoteHost = verdict.remoteHost;
  if (verdict?.enhancedCode) out.enhancedCode = verdict.enhancedCode;
  return out;
}

function notesFor(parts: ReportParts, failuresWithoutText: number): string[] {
  const notes: string[] = [];
  if (failuresWithoutText > 0) {
    const formats = [...new Set(parts.inputs.map((i) => i.format))].filter(
      (f) => f === 'summary-report' || f === 'messagetrace' || f === 'graph',
    );
    notes.push(
      `${failuresWithoutText} failed ${plural(failuresWithoutText, 'delivery', 'deliveries')} came without a reason` +
        (formats.length ? ` (${formats.join(' and ')} exports list only a status)` : '') +
        '. To see why they failed, export the Extended report from the Exchange admin center (Mail flow > ' +
        'Message trace) ' +
        'or run Get-MessageTraceDetailV2 for those messages, and analyze that file.',
    );
  }
  for (const input of parts.inputs) {
    if (input.possiblyTruncatedAt !== undefined) {
      notes.push(
        `${input.source} has exactly ${input.possiblyTruncatedAt} rows, the most a ${input.format} export ` +
          `returns: it is probably cut off. Narrow the date range or split the search.`,
      );
    }
  }
  for (const input of parts.inputs)
    if (input.dates?.basis === 'assumed') notes.push(assumedDateOrderNote(input.source, input.dates));
  if (parts.issuesNotListed > 0) notes.push(`${parts.issuesNotListed} more input issues were counted but not listed.`);
  return notes;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
