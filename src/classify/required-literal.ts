/**
 * The longest run of plain characters that every match of a catalog pattern contains, lower-cased
 * ('' when there is none worth using). The classifier checks a text for it with `includes`
 * before running the pattern: a reply shape is tried against hundreds of patterns, and most
 * cannot match it.
 *
 * Exact for the catalog's patterns, which are matched with the `i` flag and without `u`: then an
 * ASCII pattern character only matches an ASCII text character of the same letter case-folded,
 * so a text that matches has the run, in lower case, in its lower-cased form. The same holds for
 * the basic Russian letters (each one lower and one upper form) and for characters without case
 * (CJK, kana, Hangul); not for other scripts (Greek has two lower-case sigmas for one upper).
 */
/** Non-ASCII characters whose lower-cased form is found in every text the `i` flag lets them match. */
const FOLDS_EXACTLY = /[\u0410-\u044f\u0401\u0451\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;

export function requiredLiteral(source: string): string {
  const runs: string[] = [];
  let run = '';
  const end = () => {
    if (run) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '|') return ''; // a top-level alternative: nothing is required
    if (c === '(' || c === '[') {
      end();
      i = skipGroup(source, i);
      if (i < 0) return '';
      continue;
    }
    if (c === '?' || c === '*' || (c === '{' && /^\{0[,}]/.test(source.slice(i)))) {
      // the character before is optional
      run = run.slice(0, -1);
      end();
      if (c === '{') i = source.indexOf('}', i);
      continue;
    }
    if (c === '+' || c === '{') {
      // repeated: it is there, but what follows is not next to it
      end();
      if (c === '{') i = source.indexOf('}', i);
      continue;
    }
    if (c === '.' || c === '^' || c === '$' || c === ')' || c === ']') {
      end();
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1];
      i++;
      if (next !== undefined && /[.\\[\](){}|?*+^$/-]/.test(next)) {
        run += next;
        continue;
      }
      end(); // \b, \d, \s, \w, \x41…: not a plain character
      // the digits of \xHH, \uHHHH or \u{…} and the letter of \cX belong to the escape
      if (next === 'x') i += 2;
      else if (next === 'u') i = source[i + 1] === '{' ? source.indexOf('}', i) : i + 4;
      else if (next === 'c') i += 1;
      if (i < 0) return '';
      continue;
    }
    // only characters exact under case folding (see above) extend a run; others break it
    if ((c >= ' ' && c <= '~') || FOLDS_EXACTLY.test(c)) run += c;
    else end();
  }
  end();
  // A quantifier may follow a run's last character: such runs were cut above.
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= 3 ? best.toLowerCase() : '';
}

/** The index of the `)` or `]` that closes the group or class opening at `i`; -1 when none. */
function skipGroup(source: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let j = i; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (depth === 0) return j;
      }
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/**
 * Literals of which every match of a pattern contains at least one, lower-cased ([] when none can
 * be named): the required literal when the pattern has one; else, when the pattern's alternatives
 * (at its top level, or in a group every match starts through, after `\b` and lookarounds) each
 * have such literals, all of them. The concept keywords (`\b(?:user|mailbox|recipient…)…`) have
 * no single literal but rarely any of their words, so they too are ruled out before running.
 */
export function requiredAnyOf(source: string): string[] {
  const one = requiredLiteral(source);
  if (one) return [one];
  const branches = alternatives(source);
  if (branches.length > 1) return union(branches.map(requiredAnyOf));
  let i = 0;
  // zero-width prefixes: word boundaries, anchors and lookarounds
  for (;;) {
    if (source.startsWith('\\b', i)) i += 2;
    else if (source[i] === '^') i++;
    else if (/^\(\?<?[=!]/.test(source.slice(i))) {
      const close = skipGroup(source, i);
      if (close < 0) return [];
      i = close + 1;
    } else break;
  }
  if (source[i] !== '(') return [];
  const close = skipGroup(source, i);
  if (close < 0 || /^[?*]|^\{0[,}]/.test(source.slice(close + 1))) return [];
  let inner = source.slice(i + 1, close);
  if (inner.startsWith('?:')) inner = inner.slice(2);
  else if (inner.startsWith('?')) return [];
  return union(alternatives(inner).map(requiredAnyOf));
}

/** Every set non-empty: their union; else [] (one alternative without a literal can match anything). */
function union(sets: string[][]): string[] {
  return sets.some((s) => s.length === 0) ? [] : [...new Set(sets.flat())];
}

/** `source` split at its top-level `|` (outside groups and classes). */
export function alternatives(source: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') {
      i = skipGroup(source, i);
      if (i < 0) return [source];
    } else if (c === '|') {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}
