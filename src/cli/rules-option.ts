/** --rules FILE: the local rules read and checked once, and the catalog and classifier options they make. */
import { readFile } from 'node:fs/promises';
import { createCatalog, type Catalog } from '../catalog/index.js';
import { causes } from '../catalog/causes/index.js';
import { parseLocalRules, type LocalRules } from '../catalog/local-rules.js';
import type { ClassifierOptions } from '../classify/classifier.js';
import { ExotraceError, errnoWords } from '../model/errors.js';

export async function readRules(path: string | undefined): Promise<LocalRules | undefined> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ExotraceError(
      'EXO_RULES_INVALID',
      `the rules file cannot be read: ${errnoWords((e as NodeJS.ErrnoException).code)}.`,
      { source: path },
      { cause: e },
    );
  }
  return parseLocalRules(text, path, new Set(causes.map((c) => c.id)));
}

/** The catalog with the rules' local causes first. */
export function catalogWith(rules: LocalRules | undefined): Catalog {
  return rules ? createCatalog([...rules.causes, ...causes]) : createCatalog();
}

/** Classifier options with the rules added. */
export function withRules(options: ClassifierOptions, rules: LocalRules | undefined): ClassifierOptions {
  return rules ? { ...options, rules: rules.rules } : options;
}
