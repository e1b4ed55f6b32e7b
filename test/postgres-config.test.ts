// Where a PostgreSQL store is said to be (store.url, HEIMDALL_STORE_URL), its URL shown without its password, and
// the namespace a project takes in it by default (its git remote, else its root).
import test from 'ava';
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseStoreConfig } from '../dist/config/store-config.js';
import type { HeimdallError } from '../dist/errors/heimdall-error.js';
import { redactUrl } from '../dist/config/redact-url.js';
import { projectNamespace, remoteIdentity } from '../dist/git/project-namespace.js';
import { git } from './helpers/git-repo.js';
import { tempDir } from './helpers/project.js';

const where = '/p/.heimdall/config.yaml';

test('store.url and store.project from config.yaml; HEIMDALL_STORE_URL wins over the file; unset means SQLite', (t) => {
  t.deepEqual(parseStoreConfig(undefined, where, {}), { url: null, project: null });
  t.deepEqual(parseStoreConfig({ url: 'postgresql://u@db.example/heimdall', project: 'team/app' }, where, {}), {
    url: 'postgresql://u@db.example/heimdall',
    project: 'team/app',
  });
  t.is(parseStoreConfig({ url: 'postgres://u@h/d' }, where, {}).url, 'postgres://u@h/d', 'both schemes');
  t.is(parseStoreConfig({ url: 'postgresql://a@h/file' }, where, { HEIMDALL_STORE_URL: 'postgresql://b@h/env' }).url, 'postgresql://b@h/env');
  t.is(parseStoreConfig({ url: 'postgresql://a@h/file' }, where, { HEIMDALL_STORE_URL: '' }).url, 'postgresql://a@h/file', 'empty: unset');
  t.is(parseStoreConfig({}, where, { HEIMDALL_STORE_URL: 'postgresql:///local?host=/run/postgresql' }).url, 'postgresql:///local?host=/run/postgresql');
});

test('a store URL that is not postgresql:// is a config error that never shows its password', (t) => {
  const bad = (raw: unknown, env: NodeJS.ProcessEnv = {}) => t.throws<HeimdallError>(() => parseStoreConfig(raw, where, env), { code: 'config' });
  let error = bad({ url: 'mysql://me:s3cret-pw@h/d' });
  t.is(error.message, `${where}: "store.url" must be a postgresql:// URL (got mysql://me@h/d)`);
  error = bad({}, { HEIMDALL_STORE_URL: 'me:s3cret-pw@host/db' });
  t.false(error.message.includes('s3cret-pw'), error.message);
  t.regex(error.message, /^HEIMDALL_STORE_URL must be a postgresql:\/\/ URL/);
  error = bad({ url: 'postgresql://me:s3cret-pw@[bad/d' });
  t.false(error.message.includes('s3cret-pw'), error.message);
  bad({ url: 42 });
  t.is(bad('postgresql://x').message, `${where}: "store" must be a mapping`);
  t.is(bad({ project: '  ' }).message, `${where}: "store.project" must be a non-empty string`);
  t.is(bad({ uri: 'postgresql://h/d' }).message, `${where}: unknown key "store.uri": did you mean "store.url"?`);
  t.is(bad({ schema: 'x' }).message, `${where}: unknown key "store.schema" (known here: store.url, store.project)`);
});

test('a URL for messages has no password, in the userinfo or the query; the rest as written', (t) => {
  t.is(redactUrl('postgresql://user:pw@host:5432/db?sslmode=require'), 'postgresql://user@host:5432/db?sslmode=require');
  t.is(redactUrl('postgresql://user:p%40ss@host/db'), 'postgresql://user@host/db');
  t.is(redactUrl('postgresql://user:p@ss@host/db'), 'postgresql://user@host/db', 'the userinfo ends at the last @');
  t.is(redactUrl('postgresql://host/db?password=pw&host=/tmp/x'), 'postgresql://host/db?host=/tmp/x');
  t.is(redactUrl('postgresql://host/db?host=/tmp/x&password=pw'), 'postgresql://host/db?host=/tmp/x');
  t.is(redactUrl('postgresql://host/db?a=1&PASSWORD=pw&b=2'), 'postgresql://host/db?a=1&b=2');
  t.is(redactUrl('postgresql://u@host/db?host=/tmp/x'), 'postgresql://u@host/db?host=/tmp/x', 'nothing to hide: unchanged');
  t.is(redactUrl('postgresql:///db'), 'postgresql:///db');
  t.is(redactUrl('me:pw@host/db'), 'me@host/db', 'typed without a scheme');
  t.is(redactUrl("host=h password='p w' dbname=d"), 'host=h dbname=d', 'libpq keywords');
  t.is(redactUrl('host=h password=pw'), 'host=h');
});

test('a remote URL as a namespace: host and path, whichever way a checkout reaches it, never a credential', (t) => {
  const same = ['git@github.com:Team/App.git', 'https://github.com/Team/App', 'https://ci:ghp_token@github.com/Team/App.git', 'ssh://git@GitHub.com:22/Team/App.git/'];
  for (const url of same) t.is(remoteIdentity(url), 'github.com/Team/App', url);
  t.is(remoteIdentity('https://u:p@ss@gitlab.example/g/r.git'), 'gitlab.example/g/r', 'a password with an @');
  t.is(remoteIdentity('/srv/git/app.git'), '/srv/git/app.git', 'a local path stays itself');
});

test("the default namespace: the git remote (with the project's folder inside the repository), else the root's path", async (t) => {
  const repo = tempDir(t);
  t.is(await projectNamespace(repo), repo, 'not in git: the root');
  await git(repo, ['init', '-q']);
  t.is(await projectNamespace(repo), repo, 'no remote: the root');
  await git(repo, ['remote', 'add', 'upstream', 'https://token@example.com/team/app.git']);
  t.is(await projectNamespace(repo), 'example.com/team/app', 'the only remote');
  await git(repo, ['remote', 'add', 'origin', 'git@example.com:team/app.git']);
  t.is(await projectNamespace(repo), 'example.com/team/app', 'origin first, the same repository either way');
  const sub = path.join(repo, 'services', 'api');
  mkdirSync(sub, { recursive: true });
  t.is(await projectNamespace(realpathSync(sub)), 'example.com/team/app#services/api', 'a project in a sub-folder is its own');
});
