/**
 * `--out` must never name one of the inputs: writing the report there would destroy the export
 * it was made from. Paths are compared as the file system sees them (real paths, and device and
 * inode, so a symbolic or hard link to an input is caught too), before anything is read.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

interface Identity {
  path: string;
  dev?: number;
  ino?: number;
}

async function identityOf(path: string): Promise<Identity | undefined> {
  try {
    const info = await stat(path); // follows links: the file that would be written
    return { path: await realpath(path), dev: info.dev, ino: info.ino };
  } catch {
    // Not there yet: it would be created, so only its folder's real path can match an input.
    try {
      return { path: join(await realpath(dirname(resolve(path))), basename(path)) };
    } catch {
      return undefined;
    }
  }
}

/** The input that `out` would overwrite, if any. `-` (standard input or output) is never a file here. */
export async function inputOverwrittenBy(out: string, inputs: readonly string[]): Promise<string | undefined> {
  const target = await identityOf(out);
  if (!target) return undefined;
  for (const input of inputs) {
    if (input === '-') continue;
    const source = await identityOf(input);
    if (!source) continue;
    if (source.path === target.path) return input;
    if (target.ino !== undefined && source.ino === target.ino && source.dev === target.dev) return input;
  }
  return undefined;
}
