import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateStore, type InsightScore } from '../bench/lib/insight-eval.ts'
import { type KeyedCorpus, keyedCorpus, sampleCorpus } from '../bench/lib/keyed.ts'
import { buildDigest } from '../digest/build.ts'
import { explicitPeriod } from '../digest/period.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { REPO_ROOT, SAMPLE_CORPUS } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'

const OPTIONS = { maxFileBytes: 1024 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const DEV = path.resolve(REPO_ROOT, '../shared/corpora-keyed/fde-dev')

/** Ingest `key`'s corpus into a fresh store, refresh insights and score them (digest included). */
function scored(load: () => KeyedCorpus) {
  const state: { t?: TestDb; score?: InsightScore } = {}
  beforeAll(async () => {
    const key = load()
    state.t = await freshDb()
    const db = state.t.db
    const summary = await ingestPaths([key.root], { db, embedder: localEmbedder(), options: OPTIONS })
    expect(summary.failed).toBe(0)
    await refreshInsights(db)
    state.score = await evaluateStore(db, key, {
      digest: (from, to) =>
        buildDigest(db, { period: explicitPeriod(from, to, 'UTC'), publicUrl: 'https://fieldkb.example' }),
    })
  })
  afterAll(async () => {
    await state.t?.dispose()
  })
  return () => state.score!
}

/** The figures a corpus is held to: which planted items are found, and how much noise. */
function figures(s: InsightScore) {
  return {
    dates: `${s.dates.right}/${s.dates.total}`,
    recovered: s.planted.filter((p) => p.recovered).map((p) => p.id),
    reported: s.reported,
    spurious: s.spurious,
    hardNegativesIn: s.hardNegativesIn,
    trendsRight: s.planted.filter((p) => p.trendRight).map((p) => p.id),
    edgesRecalled: s.edges.recalledIds,
    edgesListed: s.edges.listed,
    digestMet: s.digest?.checks.filter((c) => c.ok).map((c) => c.name) ?? null,
  }
}

describe('insights on the sample corpus, against its README key', () => {
  const score = scored(() => sampleCorpus(SAMPLE_CORPUS))

  it('recovers the planted patterns with their customers, lists the one-offs and labels trends, as measured', () => {
    expect(figures(score())).toEqual({
      dates: '40/40',
      recovered: ['P1', 'P2', 'P3', 'P4', 'P5', 'P7'],
      reported: 7,
      spurious: 1,
      hardNegativesIn: 0,
      trendsRight: ['P1', 'P2', 'P4', 'P5', 'P7'],
      edgesRecalled: ['E1', 'E3', 'E4', 'E5', 'E6'],
      edgesListed: 8,
      digestMet: null,
    })
  })
})

describe.skipIf(!existsSync(DEV))(
  'insights on the keyed dev corpus (../shared/corpora-keyed/fde-dev)',
  () => {
    if (!existsSync(DEV)) console.warn('skipping: ../shared/corpora-keyed/fde-dev is absent')
    const score = scored(() => keyedCorpus(DEV))

    it('recovers the planted patterns, keeps noise low and flags the digest expectations, as measured', () => {
      expect(figures(score())).toEqual({
        dates: '54/54',
        recovered: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7'],
        reported: 8,
        spurious: 0,
        hardNegativesIn: 3,
        trendsRight: ['D2', 'D3', 'D4', 'D5', 'D6', 'D7'],
        edgesRecalled: ['E1', 'E2', 'E3', 'E5'],
        edgesListed: 8,
        digestMet: [
          'D4 flagged spike/new',
          'D5 flagged rising',
          'D2 not flagged rising',
          'D3 not flagged rising',
          'D6 not flagged rising',
          'D7 not flagged rising',
          'incident mercatovivo/INC-7734.md',
          'incident rheinwerk/postmortems/postmortem_model_drift_sept.md',
          'incident nordvind/platform-team/postmortem_summary_drift.md',
        ],
      })
    })
  },
)
