/**
 * The store seam's reference implementation: a Map, holding what the contract says a store holds.
 * Tests check the pipeline's outcomes against it, and a real store (SQLite) against it.
 */
import type { OutcomeBatch, OutcomeQuery, OutcomeRecord, OutcomeStore } from '../../src/store/outcome.js';

export function createMemoryStore(): OutcomeStore & { readonly size: number } {
  const texts: string[] = [];
  const textIds = new Map<string, number>();
  const rows = new Map<string, OutcomeRecord>();
  const later = (a: OutcomeRecord, b: OutcomeRecord) => (a.decidedAt ?? -Infinity) > (b.decidedAt ?? -Infinity);
  return {
    async add(batch: OutcomeBatch) {
      const map = batch.texts.map(({ text }) => {
        let id = textIds.get(text);
        if (id === undefined) textIds.set(text, (id = texts.push(text) - 1));
        return id;
      });
      let added = 0;
      let replaced = 0;
      for (const o of batch.outcomes) {
        const { textId, deferTextId, ...rest } = o;
        const rec: OutcomeRecord = { ...rest };
        if (textId !== undefined) rec.reason = texts[map[textId]!];
        if (deferTextId !== undefined) rec.deferral = texts[map[deferTextId]!];
        const key = JSON.stringify([o.tenant, o.messageKey, o.recipient]);
        const held = rows.get(key);
        if (!held) added++;
        else if (later(rec, held)) replaced++;
        else continue;
        rows.set(key, rec);
      }
      return { added, replaced };
    },
    async *outcomes(q: OutcomeQuery) {
      for (const r of rows.values()) {
        if (q.tenant !== undefined && r.tenant !== q.tenant) continue;
        if (r.decidedAt !== undefined && r.decidedAt >= q.from && r.decidedAt < q.to) yield r;
      }
    },
    async close() {},
    get size() {
      return rows.size;
    },
  };
}
