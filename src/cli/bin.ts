#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { ExitCode } from './exit-codes.js';
import { createConsoleIo } from './io.js';
import { main } from './main.js';

main(hideBin(process.argv), createConsoleIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`exotrace: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = ExitCode.internal;
  },
);
