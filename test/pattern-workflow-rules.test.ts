import { describe, expect, it } from 'vitest'
import { defuse, renderBriefMarkdown } from '../insights/brief.ts'
import { predecessors } from '../insights/identity.ts'
import { applyPatch, carryOver, DEFAULT_WORKFLOW, isRegressed } from '../insights/workflow.ts'
import type { Brief } from '../schemas/workflow.ts'

const group = (id: string, docs: number[]) => ({
  id,
  members: docs.map((d) => ({
    chunkId: d * 10,
    documentId: d,
    customer: 'c',
    date: '2026-10-01',
    similarity: 1,
  })),
})

describe('successors of split and merged patterns', () => {
  it('lists every pattern folded into a three-way merge except the one whose id it kept', () => {
    const previous = [
      { id: 'a', documentIds: [1, 2, 3] },
      { id: 'b', documentIds: [4, 5] },
      { id: 'c', documentIds: [6, 7] },
      { id: 'z', documentIds: [20, 21, 22] },
    ]
    const lineage = predecessors([group('a', [1, 2, 3, 4, 5, 6, 7]), group('n', [21, 30, 31, 32])], previous)
    expect(lineage).toEqual(new Map([['a', ['b', 'c']]]))
  })

  it('ignores a stored pattern that shares less than half of the smaller member set', () => {
    const lineage = predecessors([group('n', [1, 9, 10, 11])], [{ id: 'a', documentIds: [1, 2, 3] }])
    expect(lineage.size).toBe(0)
  })

  it('carries nothing from predecessors nobody annotated', () => {
    const carried = carryOver(new Map([['n', ['a']]]), new Map(), new Map())
    expect(carried.size).toBe(0)
  })
})

describe('workflow changes', () => {
  it('records only the fields that changed, tickets de-duplicated', () => {
    const first = applyPatch(
      DEFAULT_WORKFLOW,
      { status: 'planned', addTickets: ['https://t.example/1', 'https://t.example/1'] },
      '2026-12-02',
    )
    expect(first.next.tickets).toEqual(['https://t.example/1'])
    expect(first.changes.map((c) => c.field)).toEqual(['status', 'tickets'])
    expect(applyPatch(first.next, { status: 'planned' }, '2026-12-02').changes).toEqual([])
  })

  it('is regressed only when fixed and a member is dated after the fix day', () => {
    expect(isRegressed({ status: 'fixed', fixedOn: '2026-10-01' }, '2026-10-02')).toBe(true)
    expect(isRegressed({ status: 'fixed', fixedOn: '2026-10-01' }, '2026-10-01')).toBe(false)
    expect(isRegressed({ status: 'planned', fixedOn: null }, '2027-01-01')).toBe(false)
  })
})

describe('export safety', () => {
  it('prefixes cells a spreadsheet would run as formulas with an apostrophe', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', 'plain', '1-2'].map(defuse)).toEqual([
      "'=1+1",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      '1-2',
    ])
  })

  it('escapes markdown structure in one-line brief fields so a title cannot inject links or headings', () => {
    const brief: Brief = {
      id: 'abcdefabcdefabcd',
      title: '[click](javascript:alert(1)) # <b>x</b>',
      problem: 'line one\n# not a heading',
      customers: ['A*corp*'],
      customerCount: 1,
      documentCount: 1,
      firstSeen: '2026-10-01',
      lastSeen: '2026-10-01',
      trend: 'new',
      regressed: false,
      url: 'https://kb.example/patterns/abcdefabcdefabcd',
      evidence: [],
      knownFixes: [],
      workflow: DEFAULT_WORKFLOW,
    }
    const md = renderBriefMarkdown(brief)
    expect(md.split('\n')[0]).toBe('# \\[click\\](javascript:alert(1)) \\# \\<b\\>x\\</b\\>')
    expect(md).toContain('**Problem:** line one \\# not a heading')
    expect(md).toContain('A\\*corp\\*')
    expect(md).toContain('None recorded in the member documents.')
  })
})
