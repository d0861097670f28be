/**
 * The size rules of the house (issue 11): no source file over 400 lines and no function over 120
 * lines, catalog data aside. Prints each breach and exits 1 when there is one; `npm run lint` runs it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 120;
const root = new URL('..', import.meta.url).pathname;
const exempt = (file) => file.startsWith('src/catalog/causes/');

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

const breaches = [];
for (const path of sourceFiles(join(root, 'src'))) {
  const file = relative(root, path);
  if (exempt(file)) continue;
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) breaches.push(`${file}: ${lines} lines (at most ${MAX_FILE_LINES})`);
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      const n = end - start + 1;
      if (n > MAX_FUNCTION_LINES) {
        const name = node.name?.getText(sf) ?? node.parent?.name?.getText?.(sf) ?? '(anonymous)';
        breaches.push(`${file}:${start + 1}: function ${name} has ${n} lines (at most ${MAX_FUNCTION_LINES})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
for (const b of breaches) console.log(b);
process.exit(breaches.length ? 1 : 0);
