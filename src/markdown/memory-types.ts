// The shape `parseMarkdown` hands to the indexer: one document, many memories.

export interface MemoryChunk {
  /** `headingPath` joined with ' > '; '' for text before the first heading of a doc without a title. */
  heading: string;
  /** The doc title, then the texts of the enclosing headings, outermost first (see parseMarkdown). */
  headingPath: string[];
  /** 1-based, inclusive, in the original file (front matter lines count). */
  startLine: number;
  /** 1-based, inclusive. */
  endLine: number;
  /** The markdown source of the chunk, line endings normalised to '\n', trimmed. */
  text: string;
  /** Number of words in `text` (see countWords). */
  words: number;
}

export interface ParsedDoc {
  /** Front matter `title`, else the first non-empty level-1 heading, else null. */
  title: string | null;
  /** Front matter `tags` (a list or a comma-separated string), de-duplicated, in order. */
  tags: string[];
  /** [] when the front matter says `heimdall: {index: false}`. */
  memories: MemoryChunk[];
}

export interface ParseMarkdownOptions {
  /** Chunks are split at block boundaries to stay under about this many words. Default 1000. */
  maxWords?: number;
  /** Default true: heading paths start with the document title. */
  titleInPath?: boolean;
}

export interface FrontMatter {
  title: string | null;
  tags: string[];
  /** False when the front matter says `heimdall: {index: false}`: the doc is stored, with no memories. */
  index: boolean;
}
