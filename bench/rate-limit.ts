/**
 * Cost of one rate-limit check while a flood of fresh keys (random bearer values, many addresses)
 * fills the counter store: microseconds per hit and counters held, per flood size.
 * Run: `node --import tsx bench/rate-limit.ts [floodKeys...]` (default 1000 10000 100000).
 */

import { performance } from 'node:perf_hooks'
import { createLimiter } from '../api/rate-limit.ts'

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0)
for (const flood of sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]) {
  const limiter = createLimiter({ windowMs: 60_000, max: 600 })
  const start = performance.now()
  for (let i = 0; i < flood; i++) limiter.hit(`ip:198.51.${i >> 8}.${i & 255}:${i}`)
  const ms = performance.now() - start
  const perHitUs = ((ms / flood) * 1000).toFixed(2)
  process.stdout.write(`${flood} fresh keys: ${perHitUs} µs per hit, ${limiter.size} counters held\n`)
}
