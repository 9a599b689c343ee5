/**
 * Section knowledge, decided once at ingest: the one classifier of section kinds and the stored
 * section tree. Nothing else in fieldkb keeps lists of heading words.
 */

export { isProblemBearing, PROBLEM_KINDS } from '../schemas/document.ts'
export {
  analyseSection,
  type BlockClass,
  classifyBlock,
  classifySection,
  headingKind,
  type SectionClass,
  type SectionContext,
} from './sections/classify.ts'
export { type DocumentOutline, documentOutline, storedBody } from './sections/tree.ts'
