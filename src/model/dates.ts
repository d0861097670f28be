/**
 * How a locale date like 05/09/2025 is read: day first (en-GB, fr-FR, de-DE's dotted form…) or
 * month first (en-US). Decided once per file (src/normalize/date-order.ts), never per value.
 */
export const dateOrders = ['dmy', 'mdy'] as const;
export type DateOrder = (typeof dateOrders)[number];

export interface DateOrderDecision {
  order: DateOrder;
  /** `stated`: --date-order; `evidence`: a date that can be read one way only; `assumed`: none such */
  basis: 'stated' | 'evidence' | 'assumed';
  /** the date that decided it (for `evidence`), or one of the ambiguous ones (for `assumed`) */
  example?: string;
  line?: number;
}
