/**
 * The page's one stylesheet, inline (the Content-Security-Policy allows inline styles and nothing
 * else). Readable on a phone (one column, tables scroll sideways inside their box), printable on
 * A4 (no chart, tile or table row cut across a page break), and plain colours that survive a
 * black-and-white printer through their labels.
 */
export const STYLE = `
:root { --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328;
  margin: 0 auto; max-width: 980px; padding: 16px; }
p, li, h3, summary { overflow-wrap: anywhere; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
.muted, .scope dd { color: var(--muted); }
.scope dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
.scope dt { font-weight: 600; }
.scope dd { margin: 0; overflow-wrap: anywhere; }
.verdict { border-left: 6px solid var(--muted); background: var(--bg); padding: 12px 16px; font-size: 1.15em;
  margin: 16px 0; }
.verdict.healthy { border-color: var(--ok); } .verdict.attention { border-color: var(--warn); }
.verdict.failing { border-color: var(--bad); }
.verdict .status { font-weight: 700; text-transform: uppercase; font-size: .75em; letter-spacing: .05em; display: block; }
.verdict.healthy .status { color: var(--ok); } .verdict.attention .status { color: var(--warn); }
.verdict.failing .status { color: var(--bad); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; margin: 12px 0; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.tile .label { color: var(--muted); font-size: .85em; }
.tile .value { font-size: 1.6em; font-weight: 600; }
.tile .change { font-size: .85em; }
.better { color: var(--ok); } .worse { color: var(--bad); } .same { color: var(--muted); }
figure { margin: 12px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9em; }
.table-box { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); }
td.n, th.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
code { font: .88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg);
  padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; white-space: pre-wrap; }
.cause { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; break-inside: avoid; }
.cause h3 { margin-top: 6px; }
.owner { display: inline-block; font-size: .8em; padding: 0 6px; border-radius: 10px; background: var(--bg);
  border: 1px solid var(--line); }
.owner.tenant-admin { border-color: var(--bad); color: var(--bad); }
ol.actions li { margin-bottom: 6px; }
.dns { border-left: 4px solid var(--muted); padding: 4px 10px; background: var(--bg); }
.dns.confirmed { border-color: var(--bad); } .dns.refuted { border-color: var(--ok); }
.tenant { border-top: 3px solid var(--line); margin-top: 36px; }
footer { margin-top: 32px; color: var(--muted); font-size: .85em; }
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .tenant { break-before: page; }
}
`;
