#!/bin/sh
# heimdall-hook 1 @HOOK@
# Installed by `heimdall hooks install`; `heimdall hooks uninstall` puts back what was here.
# Keeps heimdall's memory store in sync with the docs after git changes the working tree.
# HEIMDALL=0 skips heimdall; HEIMDALL_HOOKS_SYNC=1 runs the sync in the foreground (CI, tests).
# Otherwise the sync runs in the background (log: .heimdall/logs/sync.log) and git never waits for it.
# POSIX sh only: husky runs this file with `sh -e`, git runs it directly.
heimdall_hook='@HOOK@'
heimdall_node='@NODE@'
heimdall_cli='@CLI@'
heimdall_prefix='@PREFIX@'
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

# git runs hooks from the top of the working tree; the project may be a sub-folder of it.
heimdall_root=$(pwd)
if [ -n "$heimdall_prefix" ]; then heimdall_root="$heimdall_root/$heimdall_prefix"; fi
# Not a heimdall project (no .heimdall/ here, e.g. an old branch): nothing to keep in sync.
if [ ! -d "$heimdall_root/.heimdall" ]; then exit "$heimdall_status"; fi

heimdall_mode=--background
if [ "${HEIMDALL_HOOKS_SYNC-}" = 1 ]; then heimdall_mode=--foreground; fi
set -- hooks run "$heimdall_mode" --project-root "$heimdall_root" "$heimdall_hook" "$@"
# The heimdall that installed this hook first: another program named heimdall may be on PATH
# (Debian ships a Samsung flashing tool by that name). PATH is the fallback when it moved.
if [ -x "$heimdall_node" ] && [ -f "$heimdall_cli" ]; then
  set -- "$heimdall_node" "$heimdall_cli" "$@"
elif command -v heimdall >/dev/null 2>&1; then
  set -- heimdall "$@"
else
  echo "heimdall: $heimdall_hook hook: heimdall was not found (not at $heimdall_cli, nor on PATH): the memory store was not synced. Reinstall with \`heimdall hooks install\`, or set HEIMDALL=0 to skip." >&2
  exit "$heimdall_status"
fi

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
# a saved copy of git's stderr open for as long as the command runs.
heimdall_log=/dev/null
if mkdir -p "$heimdall_root/.heimdall/logs" 2>/dev/null; then heimdall_log="$heimdall_root/.heimdall/logs/sync.log"; fi
if command -v setsid >/dev/null 2>&1; then set -- setsid "$@"; fi
(
  exec >>"$heimdall_log" 2>&1
  heimdall_feed nohup "$@"
) &
exit "$heimdall_status"
