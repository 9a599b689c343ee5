/**
 * The vocabulary of the section classifier: what headings and sentences that talk about a problem,
 * its cause, its fix… look like. Cues are word stems and synonyms across writing styles, never
 * phrases of a particular corpus. Only `ingest/sections/classify.ts` reads this module.
 */
import type { SectionKind } from '../../schemas/document.ts'

/**
 * Heading cues per kind. A heading is lower-cased with punctuation turned into spaces before
 * matching. When several kinds match, the cue that occurs first in the heading wins ("Root cause
 * and fix" → root-cause); at the same position the order below decides.
 */
export const HEADING_CUES: readonly [SectionKind, RegExp][] = [
  ['workaround', /\b(work ?arounds?|work around|mitigat\w*|temporar\w*|stop ?gaps?|interim|band ?aids?)\b/],
  [
    'root-cause',
    /\b(root ?causes?|causes?|caused|causal|contributing|why\b(?! (it|this|that) matters)|underlying|diagnos\w*|analysis|investigat\w*|explanation)/,
  ],
  [
    'fix',
    /\b(fix\w*|resolution|resolv\w*|remediat\w*|solution|solved|repair\w*|patch\w*|corrective|action items?|prevent\w*|what (we|i) ?(re|m|are|am|will|ll)? (did|changed|changing|chang\w*|fixing)|changes made|troubleshoot\w*|recovery)\b/,
  ],
  [
    'edge-case',
    /\b(gotchas?|weird\w*|caveats?|watch (out|for)|things to (watch|know|note)|pitfalls?|edge ?cases?|corner ?cases?|notes? to self|quirks?|quirky|surpris\w*|heads ?up|traps?|beware|known (issues?|limitations?|problems?|bugs?)|limitations?|foot ?guns?|odd\w*|strange|unexpected|gotcha)\b/,
  ],
  [
    'lesson',
    /\b(lessons?|learn\w*|takeaways?|take aways?|retro\w*|hindsight|reflections?|what (went well|we would do differently|to do differently)|do differently|recommendations?|advice|tips?)\b/,
  ],
  [
    'impact',
    /\b(why (it|this|that) matters|impact\w*|blast radius|affected|consequences?|business effect|customer effect|severity)\b/,
  ],
  [
    'timeline',
    /\b(timeline|time line|chronolog\w*|sequence of events|events|logs?|log excerpts?|hour by hour)\b/,
  ],
  [
    'problem',
    /\b(what (\w+ ){0,3}(notic\w*|report\w*|saw|sees?|seeing|found|shows?|showed|observ\w*)|symptoms?|problems?|issues?|what (broke|failed|happened)|broke|broken|went wrong|wrong|observ\w*|errors?|fail\w*|bugs?|incident|outage|blockers?|pain ?points?|challenges?|trouble|regressions?|degrad\w*|defects?|concerns?|complaints?|reject\w*|duplicat\w*|missing|lost|dropp\w*|time ?outs?|timed out|stuck|slow\w*|leak\w*|crash\w*|mis(rout|classif|pars|read|match|label|direct|fir)\w*)\b/,
  ],
  [
    'status',
    /\b(status|progress|this week|last week|next week|next steps?|done|plans?|planned|agenda|updates?|highlights?|accomplish\w*|completed|to ?dos?|open (items|questions)|weekly|standup|stand up|recap|wins|milestones?|risks?|meetings?|decisions?|actions?|owners?|asks|week \d+|wk ?\d+|kw ?\d+|day \d+|monday|tuesday|wednesday|thursday|friday|today|yesterday|tomorrow|notes)\b/,
  ],
  [
    'background',
    /\b(background|context|overview|summary|about|scope|architecture|set ?up|introduction|intro|purpose|goals?|prerequisites?|requirements?|environment|install\w*|configur\w*|how (it|this) works|design|reference|glossary|appendix|contacts?|team|attendees|participants|stakeholders|audience|usage|steps|procedure|runbook|how to|deploy\w*|components?|systems?|integration|data flow|faq|description)\b/,
  ],
]

/** A text cue: how strongly one occurrence points at its kind. */
export interface TextCue {
  kind: SectionKind
  weight: number
  re: RegExp
}

// Weights: 2 = a phrase that alone says "this is about a problem" (root cause was, workaround,
// silently), 1 = a word that does so only together with another (failed, error, because).
/** Sentence cues, matched against lower-cased block text; each cue counts once per block. */
export const TEXT_CUES: readonly TextCue[] = [
  { kind: 'problem', weight: 1, re: /\b(fail\w*|broke|broken|breaks|crash\w*)\b/ },
  { kind: 'problem', weight: 1, re: /\b(errors?|exceptions?|stack ?traces?|tracebacks?|panic\w*)\b/ },
  { kind: 'problem', weight: 1, re: /\b(reject\w*|refus\w*|denied|invalid|violat\w*|mismatch\w*)\b/ },
  { kind: 'problem', weight: 1, re: /\b(dropp(ed|ing)|lost|losing|missing|skipp?(ed|ing|s)|truncat\w*)\b/ },
  {
    kind: 'problem',
    weight: 1,
    re: /\b(timed? ?out|time ?outs?|hang\w*|hung|stuck|stall\w*|deadlock\w*|throttl\w*|rate ?limit\w*)\b/,
  },
  { kind: 'problem', weight: 1, re: /\b(duplicat\w*|corrupt\w*|garbl\w*|wrong|incorrect\w*|bogus|stale)\b/ },
  { kind: 'problem', weight: 1, re: /\bmis(rout|classif|pars|read|match|label|direct|fir|interpret)\w*/ },
  {
    kind: 'problem',
    weight: 1,
    re: /\b(could ?n[o']t|can ?n[o']t|unable to|no longer|stopped working|not working|didn'?t work|does ?n'?t work)\b/,
  },
  {
    kind: 'problem',
    weight: 1,
    re: /\b(outages?|incidents?|degrad\w*|regress\w*|bugs?|leak\w*|spik\w*|flak\w*|intermittent\w*|sporadic\w*)\b/,
  },
  {
    kind: 'problem',
    weight: 1,
    re: /\b(http|status|returned|returns|returning|got|throws?|an?) [45]\d\d\b|\b[45]\d\ds\b|\b[45]xx\b/,
  },
  { kind: 'problem', weight: 1, re: /\bsilent(ly)?\b/ },
  {
    kind: 'problem',
    weight: 2,
    re: /\b(silently (fail|drop|skip|ignor|discard|swallow|truncat|los|miss|corrupt|overwr|fall|return|turn|treat|read|pars)\w*|without (an |any )?(error|warning)|(logged|raised|threw|with) no (error|warning|exception)|nobody noticed|went unnoticed)/,
  },
  {
    kind: 'problem',
    weight: 1,
    re: /\b(instead of|rather than the|unexpected\w*|surprisingly|apart from one|except for one|unfortunately)\b/,
  },
  {
    kind: 'edge-case',
    weight: 1,
    re: /\b(read|parsed|interpreted|treated|misread|mistook|took) (it|them|this|that|the \w+) as\b/,
  },
  {
    kind: 'root-cause',
    weight: 2,
    re: /\b(root ?cause|caused by|the cause|turned out|turns out|the reason (was|is)|traced (it |this |the \w+ )?(back )?to|culprit|triggered by|stems? from|the (problem|issue|bug) (was|is))\b/,
  },
  { kind: 'root-cause', weight: 1, re: /\b(because|due to|since the|as a result)\b/ },
  {
    kind: 'fix',
    weight: 2,
    re: /\b(fixed (by|it|this|in)|the fix|resolved (by|it|this)|to fix|we fixed|was fixed|is fixed|patched|rolled back|roll ?back)\b/,
  },
  {
    kind: 'fix',
    weight: 1,
    re: /\b(we (changed|switched|added|set|moved|pinned|raised|increased|replaced|upgraded|removed|enabled|disabled)|now (we|it|the))\b/,
  },
  {
    kind: 'workaround',
    weight: 2,
    re: /\b(work ?around|worked around|stop ?gap|as a mitigation|mitigat\w*)\b/,
  },
  {
    kind: 'workaround',
    weight: 1,
    re: /\b(for now|temporar\w*|manually|until (we|the|a)|in the meantime)\b/,
  },
  {
    kind: 'edge-case',
    weight: 2,
    re: /\b(gotcha|watch out|be careful|caveat|beware|quirk\w*|edge ?case|corner ?case|counter ?intuitive|footgun)\b/,
  },
  {
    kind: 'edge-case',
    weight: 1,
    re: /\b(by default|only (when|if)|note that|treats? \S+( \S+)? as|weird\w*|odd(ly)?)\b/,
  },
  {
    kind: 'lesson',
    weight: 2,
    re: /\b(lessons? learn\w*|takeaway|in hindsight|next time|we should have|rule of thumb|never assume)\b/,
  },
  {
    kind: 'impact',
    weight: 1,
    re: /\b(impact\w*|affected|downtime|sla|revenue|\d+(\.\d+)? ?% of|customers? (saw|could|were)|users? (saw|could|were|got))\b/,
  },
  {
    kind: 'status',
    weight: 1,
    re: /\b(on track|completed|demo\w*|meeting|met with|call with|workshop\w*|kick ?off|next week|this week|last week|scheduled|sign ?off|signed off|shipped|delivered|milestone|sprint|training|onboard\w*|agreed|presented|attended|went live|go ?live|rolled out|roll ?out|sync|planned|plan to|will (start|continue|send|share|follow)|follow ?up|green|progress)\b/,
  },
  {
    kind: 'timeline',
    weight: 2,
    re: /^(\W{0,3})(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ t]\d{1,2}:\d{2}|t ?[+-] ?\d+)/m,
  },
]
