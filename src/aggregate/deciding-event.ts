/**
 * Which event decides a delivery, written once for the fold's add, its in-place add and its merge.
 *
 * Among events with a time, the latest decides (at the same time the heavier weight, then the
 * later row); among events without one, the heaviest (then the later row); the untimed one
 * overrules the timed one only when it weighs more. Each of the two is the maximum of an order in
 * which ties go to the later row, so folding rows one by one, or folding two runs of rows and
 * merging the second into the first, picks the same events: the property that lets a file be read
 * on several threads. (One rule mixing timed and untimed events by arrival had no such order: two
 * threads could count failed what one thread counted delivered.) Deferrals follow the same two
 * orders: the latest timed one, else the last untimed one.
 *
 * The decisions live in columns (typed arrays by delivery number), not one object per delivery:
 * at a million rows, hundreds of thousands of small long-lived objects cost more in garbage
 * collection than everything else the fold does.
 */
import type { DeliveryState, EventWeight } from '../model/trace.js';
import type { DecisionColumns, DeliveryRecord, FoldState, UntimedColumns } from './fold-state.js';
import { grown } from './typed-arrays.js';

const STATES: readonly DeliveryState[] = [
  'pending',
  'delivered',
  'failed',
  'quarantined',
  'filteredAsSpam',
  'expanded',
  'dropped',
  'unknown',
];

// Switches, not keyed lookups: these run for every event.
export function rankOf(weight: EventWeight): number {
  return weight === 'final' ? 2 : weight === 'defer' ? 1 : 0;
}

export function stateCode(s: DeliveryState | undefined): number {
  switch (s) {
    case 'delivered':
      return 1;
    case 'failed':
      return 2;
    case 'quarantined':
      return 3;
    case 'filteredAsSpam':
      return 4;
    case 'expanded':
      return 5;
    case 'dropped':
      return 6;
    case 'unknown':
      return 7;
    default:
      return 0;
  }
}

function createUntimed(capacity: number): UntimedColumns {
  return {
    rank: new Uint8Array(capacity),
    state: new Uint8Array(capacity),
    textIdPlusOne: new Int32Array(capacity),
    deferTextIdPlusOne: new Int32Array(capacity),
  };
}

export class DeliveryDecisions implements DecisionColumns {
  state: Uint8Array;
  rank: Uint8Array;
  time: Float64Array;
  textId: Int32Array;
  deferTextId: Int32Array;
  deferTime: Float64Array;
  // Made on the first event without a time: most exports have a time on every row.
  untimed: UntimedColumns | undefined;

  constructor(private capacity: number) {
    this.state = new Uint8Array(capacity);
    this.rank = new Uint8Array(capacity);
    this.time = new Float64Array(capacity);
    this.textId = new Int32Array(capacity);
    this.deferTextId = new Int32Array(capacity);
    this.deferTime = new Float64Array(capacity);
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    this.state = grown(this.state, capacity);
    this.rank = grown(this.rank, capacity);
    this.time = grown(this.time, capacity);
    this.textId = grown(this.textId, capacity);
    this.deferTextId = grown(this.deferTextId, capacity);
    this.deferTime = grown(this.deferTime, capacity);
    const u = this.untimed;
    if (u) {
      this.untimed = {
        rank: grown(u.rank, capacity),
        state: grown(u.state, capacity),
        textIdPlusOne: grown(u.textIdPlusOne, capacity),
        deferTextIdPlusOne: grown(u.deferTextIdPlusOne, capacity),
      };
    }
  }

  /** A new delivery: nothing decided yet. */
  reset(d: number): void {
    this.state[d] = 0;
    this.rank[d] = 0;
    this.time[d] = NaN;
    this.textId[d] = -1;
    this.deferTextId[d] = -1;
    this.deferTime[d] = NaN;
  }

  /** An event of rank `r` (rankOf), at time `t` (NaN: none), with state code `s` and reason text `id` (-1: none). */
  offer(d: number, r: number, t: number, s: number, id: number): void {
    if (r === 0) return;
    if (Number.isNaN(t)) {
      const u = (this.untimed ??= createUntimed(this.capacity));
      if (r >= u.rank[d]!) {
        u.rank[d] = r;
        u.state[d] = s;
        u.textIdPlusOne[d] = id + 1;
      }
      return;
    }
    const old = this.rank[d]!;
    if (old !== 0 && (t !== this.time[d]! ? t < this.time[d]! : r < old)) return;
    this.state[d] = s;
    this.rank[d] = r;
    this.time[d] = t;
    this.textId[d] = id;
  }

  offerDeferral(d: number, id: number, t: number): void {
    if (Number.isNaN(t)) {
      (this.untimed ??= createUntimed(this.capacity)).deferTextIdPlusOne[d] = id + 1;
      return;
    }
    if (this.deferTextId[d]! < 0 || !(t < this.deferTime[d]!)) {
      this.deferTextId[d] = id;
      this.deferTime[d] = t;
    }
  }

  /**
   * Offers what another fold decided for its delivery `od` (as its events came) to delivery `d`,
   * with the other fold's text ids mapped to this fold's.
   */
  offerFrom(o: DecisionColumns, od: number, d: number, textMap: Int32Array): void {
    const mapped = (id: number) => (id >= 0 ? textMap[id]! : -1);
    const deferId = o.deferTextId[od]!;
    if (deferId >= 0) this.offerDeferral(d, textMap[deferId]!, o.deferTime[od]!);
    this.offer(d, o.rank[od]!, o.time[od]!, o.state[od]!, mapped(o.textId[od]!));
    const u = o.untimed;
    if (u) {
      if (u.deferTextIdPlusOne[od]! > 0) this.offerDeferral(d, textMap[u.deferTextIdPlusOne[od]! - 1]!, NaN);
      this.offer(d, u.rank[od]!, NaN, u.state[od]!, mapped(u.textIdPlusOne[od]! - 1));
    }
  }

  /** What decides delivery d, the timed and untimed slots weighed. */
  view(d: number): DeliveryRecord {
    let s = this.state[d]!;
    let id = this.textId[d]!;
    let time = this.time[d]!;
    let deferId = this.deferTextId[d]!;
    let deferTime = this.deferTime[d]!;
    const u = this.untimed;
    if (u) {
      if (u.rank[d]! > this.rank[d]!) {
        s = u.state[d]!;
        id = u.textIdPlusOne[d]! - 1;
        time = NaN;
      }
      if (deferId < 0) {
        deferId = u.deferTextIdPlusOne[d]! - 1;
        deferTime = NaN;
      }
    }
    return { delivery: d, state: STATES[s]!, textId: id, deferTextId: deferId, time, deferTime };
  }

  /** The first `n` deliveries' columns, copied. */
  exportColumns(n: number): Pick<FoldState, keyof DecisionColumns> {
    const u = this.untimed;
    return {
      state: this.state.slice(0, n),
      rank: this.rank.slice(0, n),
      time: this.time.slice(0, n),
      textId: this.textId.slice(0, n),
      deferTextId: this.deferTextId.slice(0, n),
      deferTime: this.deferTime.slice(0, n),
      ...(u
        ? {
            untimed: {
              rank: u.rank.slice(0, n),
              state: u.state.slice(0, n),
              textIdPlusOne: u.textIdPlusOne.slice(0, n),
              deferTextIdPlusOne: u.deferTextIdPlusOne.slice(0, n),
            },
          }
        : {}),
    };
  }
}
