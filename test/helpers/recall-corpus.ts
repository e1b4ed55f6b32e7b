// The small corpus the recall tests ask questions of, shared by the CLI's tests (recall.test.ts) and the
// PostgreSQL store's (postgres-store.test.ts): one doc with front matter, sections, identifiers and word forms.
export const guide = `---
title: Setup guide
tags: [ops, Onboarding]
---
Read this first.

## Configuration

Set the connection pool size in the config file. Call handleError on failure; see max_file_bytes.

## Database

We ran the migrations yesterday. This is a draft.
`;

/** Docs beside the guide, by path inside a docs folder. */
export const recallDocs = {
  'runbooks/payments.md': '# Payments\n\nRefunds go through the ledger.\n',
  'lang.md': '---\ntags: languages\n---\n# Languages\n\nWe write C++ and some C.\n\n## Pools\n\nA pool of connections, reused.\n',
};
