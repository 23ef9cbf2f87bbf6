/**
 * The benchmark's tokenizer: @node-rs/jieba in search mode (`cutForSearch`: a long word is
 * followed by its dictionary sub-words, so 人民政府 yields 人民, 政府, 人民政府), NFKC-folded and
 * lowercased, punctuation and whitespace dropped. A token's position is its index in the list.
 *
 * Placeholder for the product tokenizer of src/platform/search/ (government-term dictionary,
 * Traditional/Simplified folding): the harness takes the tokenizer as a parameter.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Tokenizer } from './types.js';

let jieba: Jieba | undefined;

/** The shared jieba instance with the default dictionary (loading it takes ~0.3 s). */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** A token is kept when it holds at least one letter or digit (of any script). */
const WORDLIKE = /[\p{L}\p{N}]/u;

export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export const tokenize: Tokenizer = (text) => {
  const out: string[] = [];
  for (const t of getJieba().cutForSearch(fold(text), true)) {
    if (WORDLIKE.test(t) && !/\s/.test(t)) out.push(t);
  }
  return out;
};

/** Plain segmentation (no sub-words), folded, for picking phrases of whole words. */
export function cutWords(text: string): string[] {
  return getJieba().cut(fold(text), true).filter((t) => WORDLIKE.test(t) && !/\s/.test(t));
}
