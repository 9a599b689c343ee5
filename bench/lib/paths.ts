import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder holding `bench/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The shared test/benchmark data folder beside the checkout; absent on a user's machine. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared')

/** Where benchmark results are written. */
export const resultsDir = path.join(repoRoot, 'bench', 'results')

/** The default BEIR SciFact folder (`../shared/benchmarks/scifact`). */
export const defaultScifactDir = path.join(sharedDir, 'benchmarks', 'scifact')
