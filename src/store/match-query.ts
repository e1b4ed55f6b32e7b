/**
 * One thing a search looks for, as src/recall/parse-query.ts reads it (a QueryTerm is one): its words in order
 * (more than one: a phrase), the last of them a prefix or not. Each backend turns it into its own syntax.
 */
export interface MatchTerm {
  readonly words: readonly string[];
  readonly prefix: boolean;
}

/**
 * What a search matches, for any store backend: the memories with every term (`all`) or any of them, none of
 * the excluded. Which terms take part (the any-word fallback leaves out function words) is recall's choice.
 */
export interface MatchQuery {
  readonly terms: readonly MatchTerm[];
  readonly mode: 'all' | 'any';
  readonly excluded: readonly MatchTerm[];
}
