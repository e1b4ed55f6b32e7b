import path from 'node:path';
import { gitConfigValue } from './git-config-value.js';
import { execGit } from './exec-git.js';
import { gitRepoInfo } from './git-repo-info.js';

/**
 * The default namespace of a project in a shared PostgreSQL store (store.project unset): its repository's remote
 * URL, so that every checkout of one repository (colleagues', CI's) shares one, written the same whichever way a
 * checkout reaches it (`git@host:team/repo.git`, `https://user:token@host/team/repo`: `host/team/repo`, never a
 * credential); a project in a sub-folder of the repository adds it (`host/team/repo#docs/site`). Without git or
 * a remote: the root's absolute path.
 */
export async function projectNamespace(root: string): Promise<string> {
  const repo = await gitRepoInfo(root).catch(() => null);
  if (repo === null) return root;
  const remote = await remoteUrl(root);
  if (remote === null) return root;
  const sub = path.relative(repo.topLevel, root).split(path.sep).join('/');
  return sub === '' ? remote : `${remote}#${sub}`;
}

// origin, else the first remote git lists.
async function remoteUrl(cwd: string): Promise<string | null> {
  const origin = await gitConfigValue(cwd, 'remote.origin.url');
  if (origin !== null && origin !== '') return remoteIdentity(origin);
  const remotes = (await execGit(cwd, ['remote'])).stdout.split('\n').filter(Boolean);
  if (remotes.length === 0) return null;
  const url = await gitConfigValue(cwd, `remote.${remotes[0]}.url`);
  return url === null || url === '' ? null : remoteIdentity(url);
}

/** `host/path` of a remote URL (scheme, user, password, port and a trailing `.git` or `/` left out; the host lower-case), or the URL itself, trimmed, when it names no host (a local path). */
export function remoteIdentity(url: string): string {
  const trimmed = url.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/]*@)?([^/:]+)(?::\d*)?(\/.*)?$/i.exec(trimmed);
  // scp-like: [user@]host:path (not a Windows drive letter, not a path with a slash before the colon).
  const scpLike = withScheme === null ? /^(?:[^/]*@)?([^/:@]{2,}):(?!\/\/)(.*)$/.exec(trimmed) : null;
  const match = withScheme ?? scpLike;
  if (match === null) return trimmed;
  const host = match[1]!.toLowerCase();
  const repoPath = (match[2] ?? '').replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  return repoPath === '' ? host : `${host}/${repoPath}`;
}
