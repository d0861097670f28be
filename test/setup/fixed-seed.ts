/**
 * Every property test runs from a fixed seed, so a failure seen once is seen again on every run
 * and machine (a test may still name its own). To explore, run with FC_SEED=<n>; fast-check
 * prints the seed and path of any counterexample it finds.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261129) });
