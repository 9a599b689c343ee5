/** Sentence segmentation with `Intl.Segmenter`: the one splitter answers and streams use. */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

/**
 * The sentences of `text`, untrimmed, in order (concatenated they give back `text`).
 * @example segmentSentences('One. Two') // → ['One. ', 'Two']
 */
export function segmentSentences(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment)
}
