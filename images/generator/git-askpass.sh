#!/bin/sh
# GIT_ASKPASS helper: answers git's username/password prompts from the mounted git Secret,
# so no credential ever appears in argv, in the remote URL or in git's config.
dir="${DYNAMO_GIT_SECRET_DIR:-/var/run/secrets/dynamo-mcp/git}"
case "$1" in
  Username*) cat "$dir/username" ;;
  *) cat "$dir/password" ;;
esac
