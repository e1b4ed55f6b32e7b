#!/bin/sh
# heimdall-hook 1 @HOOK@
# Installed by `heimdall hooks install`; `heimdall hooks uninstall` puts back what was here.
# Keeps the memory store of every heimdall project of this working tree in sync with its docs
# after git changes the working tree (`heimdall hooks run` finds the projects).
# HEIMDALL=0 skips heimdall; HEIMDALL_HOOKS_SYNC=1 runs the sync in the foreground (CI, tests).
# Otherwise the sync runs in the background (log: each project's .heimdall/logs/sync.log) and git
# never waits for it.
# POSIX sh only: husky runs this file with `sh -e`, git runs it directly.
heimdall_hook='@HOOK@'
# Empty in a stub that is committed and shared by every clone (husky's .husky/, a hooks folder in
# the working tree): a path of the installing machine means nothing in another clone.
heimdall_node='@NODE@'
heimdall_cli='@CLI@'
heimdall_chain_with='@CHAIN_WITH@'

heimdall_status=0
heimdall_input=
# post-rewrite gets "old new" lines on stdin: both the chained hook and heimdall need them.
if [ "$heimdall_hook" = post-rewrite ]; then heimdall_input=$(cat); fi

# The hook that was here before heimdall runs first, and its exit status is what git sees.
heimdall_orig="$0.pre-heimdall"
heimdall_chain() {
  if [ "$heimdall_chain_with" = sh ]; then sh -e "$heimdall_orig" "$@"; else "$heimdall_orig" "$@"; fi
}
if [ -f "$heimdall_orig" ] && { [ "$heimdall_chain_with" = sh ] || [ -x "$heimdall_orig" ]; }; then
  if [ "$heimdall_hook" = post-rewrite ]; then
    if printf '%s\n' "$heimdall_input" | heimdall_chain "$@"; then :; else heimdall_status=$?; fi
  else
    if heimdall_chain "$@"; then :; else heimdall_status=$?; fi
  fi
fi

if [ "${HEIMDALL-}" = 0 ]; then exit "$heimdall_status"; fi

# In the middle of a rebase, do nothing: the rebase's own post-rewrite at the end covers the lot.
heimdall_in_rebase() {
  for heimdall_d in rebase-merge rebase-apply; do
    heimdall_p=$(git rev-parse --git-path "$heimdall_d" 2>/dev/null) || continue
    if [ -d "$heimdall_p" ]; then return 0; fi
  done
  return 1
}
if [ "$heimdall_hook $1" != 'post-rewrite rebase' ] && heimdall_in_rebase; then exit "$heimdall_status"; fi

# git runs hooks from the top of the working tree.
heimdall_top=$(pwd)
heimdall_why="(not at $heimdall_cli, nor on PATH), nor in node_modules/.bin from $heimdall_top up"
if [ -z "$heimdall_cli" ]; then
  # A shared stub: the heimdall this clone's `heimdall hooks install` recorded in its own git config.
  heimdall_node=$(git config --get heimdall.hooksNode 2>/dev/null) || heimdall_node=
  heimdall_cli=$(git config --get heimdall.hooksCli 2>/dev/null) || heimdall_cli=
  heimdall_why="(not in node_modules/.bin from $heimdall_top up, nor on PATH)"
  if [ -n "$heimdall_cli" ]; then heimdall_why="(not at $heimdall_cli, nor in node_modules/.bin from $heimdall_top up, nor on PATH)"; fi
fi

heimdall_mode=--background
if [ "${HEIMDALL_HOOKS_SYNC-}" = 1 ]; then heimdall_mode=--foreground; fi
set -- hooks run "$heimdall_mode" "$heimdall_hook" "$@"

# Which heimdall runs: the recorded one; else node_modules/.bin/heimdall from here up (as npx
# finds it); else a heimdall on PATH. A found file must carry the marker line of heimdall's
# bin/heimdall.js (read, never run, to check): Debian ships an unrelated program named heimdall.
heimdall_marker='// heimdall-cli:'
heimdall_is_ours() {
  [ -f "$1" ] && [ -r "$1" ] && head -n 10 "$1" 2>/dev/null | grep -q "^$heimdall_marker"
}
heimdall_found=
heimdall_impostor=
heimdall_consider() {
  if heimdall_is_ours "$1"; then heimdall_found=$1; return 0; fi
  if [ -z "$heimdall_impostor" ] && [ -f "$1" ]; then heimdall_impostor=$1; fi
  return 1
}
if [ -n "$heimdall_cli" ] && [ -x "$heimdall_node" ] && [ -f "$heimdall_cli" ]; then
  heimdall_found=$heimdall_cli
else
  heimdall_d=$heimdall_top
  while [ -n "$heimdall_d" ]; do
    if heimdall_consider "$heimdall_d/node_modules/.bin/heimdall"; then break; fi
    heimdall_d=${heimdall_d%/*}
  done
  if [ -z "$heimdall_found" ]; then heimdall_consider /node_modules/.bin/heimdall || :; fi
  if [ -z "$heimdall_found" ]; then
    # Split PATH on colons only, without expanding globs in its entries.
    heimdall_ifs=$IFS
    IFS=:
    set -f
    for heimdall_d in $PATH; do
      if heimdall_consider "${heimdall_d:-.}/heimdall"; then break; fi
    done
    set +f
    IFS=$heimdall_ifs
  fi
  if [ ! -x "$heimdall_node" ]; then heimdall_node=$(command -v node 2>/dev/null) || heimdall_node=; fi
fi
if [ -z "$heimdall_found" ] || [ -z "$heimdall_node" ]; then
  if [ -n "$heimdall_found" ]; then heimdall_why="($heimdall_found is there, but node is not on PATH)"
  elif [ -n "$heimdall_impostor" ]; then heimdall_why="$heimdall_why; $heimdall_impostor is not heimdall's"
  fi
  echo "heimdall: $heimdall_hook hook: heimdall was not found $heimdall_why: the memory store was not synced. Install heimdall in the project's node_modules or run \`heimdall hooks install\`; HEIMDALL=0 skips heimdall." >&2
  exit "$heimdall_status"
fi
set -- "$heimdall_node" "$heimdall_found" "$@"

heimdall_feed() {
  if [ "$heimdall_hook" = post-rewrite ]; then printf '%s\n' "$heimdall_input" | "$@"; else "$@" </dev/null; fi
}
if [ "$heimdall_mode" = --foreground ]; then
  if heimdall_feed "$@"; then :; fi
  exit "$heimdall_status"
fi

# Background: detached from git (setsid: own session; nohup: no SIGHUP) and from git's pipes,
# which git (and whoever reads its output) waits on until every holder has closed them. The
# subshell's `exec` redirection matters: a redirection on a command would make the shell keep
# a saved copy of git's stderr open for as long as the command runs. `hooks run` writes to each
# project's own .heimdall/logs/sync.log; what it cannot (a crash) goes to the top level's, if any.
heimdall_log=/dev/null
if [ -d "$heimdall_top/.heimdall" ] && mkdir -p "$heimdall_top/.heimdall/logs" 2>/dev/null; then heimdall_log="$heimdall_top/.heimdall/logs/sync.log"; fi
if command -v setsid >/dev/null 2>&1; then set -- setsid "$@"; fi
(
  exec >>"$heimdall_log" 2>&1
  heimdall_feed nohup "$@"
) &
exit "$heimdall_status"
