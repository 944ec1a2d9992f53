// What prepare copies into a BSD image: the boot hook (hook.ts), the script /etc/rc.local runs at
// every boot to start it when a job disk is attached, the script that adds that line to
// /etc/rc.local, and the one that takes the one-run key out before power-off. All of it under one
// folder of nicgate's own, as a tar archive (disk/tar.ts, as the Linux hook's) that the recipe's
// `hook install` command unpacks. Each script is POSIX sh: FreeBSD's and NetBSD's /bin/sh run
// them, whatever root's login shell is (csh on older FreeBSD). Not yet run on a BSD.
import { buildTar } from '../disk/tar.js';
import { ONE_RUN_KEY_COMMENT } from '../image/ssh-key.js';
import { bsdBootHook, defaultHookPaths, type HookPaths } from './hook.js';
import type { BsdTraits } from './traits.js';

/** The folder prepare installs into; nothing of nicgate's lives anywhere else but one rc.local line. */
export const BSD_HOOK_DIR = '/usr/local/lib/nicgate';
export const BSD_HOOK_FILES = {
  hook: `${BSD_HOOK_DIR}/hook`,
  start: `${BSD_HOOK_DIR}/start`,
  enable: `${BSD_HOOK_DIR}/enable`,
  forgetKey: `${BSD_HOOK_DIR}/forget-key`,
} as const;

/**
 * Where FreeBSD's nuageinit seed puts the key (/etc/ssh exists before the first boot, /root/.ssh
 * may not, and write_files creates no directories); prepare takes the key out of it again.
 */
export const PREPARE_KEYS_FILE = '/etc/ssh/nicgate_prepare_keys';

/** The marker that finds nicgate's line in /etc/rc.local (so enabling twice adds it once). */
const RC_LOCAL_MARK = '# nicgate boot hook';

/**
 * The line /etc/rc.local gets. Both BSDs' rc.d/local sources /etc/rc.local late in multi-user
 * boot, after the network and sshd: the start script runs as a process of its own, so nothing it
 * does (an exit included) ends rc.local early.
 */
export const RC_LOCAL_LINE = `[ -x ${BSD_HOOK_FILES.start} ] && ${BSD_HOOK_FILES.start} ${RC_LOCAL_MARK}`;

/** Where the scripts look: the guest's own paths by default, a test's folder otherwise. */
export interface InstallPaths {
  hook: HookPaths;
  /** The prefix of /etc/rc.local and the key files (empty on a guest). */
  root: string;
  /** The hook the start script runs. */
  hookFile: string;
}

export function defaultInstallPaths(traits: BsdTraits): InstallPaths {
  return { hook: defaultHookPaths(traits), root: '', hookFile: BSD_HOOK_FILES.hook };
}

function safe(path: string): string {
  if (!/^[A-Za-z0-9_./-]*$/.test(path))
    throw new Error(`unsafe path for a BSD script: ${JSON.stringify(path)}`);
  return path;
}

/**
 * Starts the hook only where the job disk is a tar archive holding `job`: a boot of the prepared
 * image outside nicgate, without a job disk (or with another second disk), boots as the image would.
 */
export function startScript(paths: InstallPaths): string {
  return `#!/bin/sh
# Started from /etc/rc.local: runs nicgate's boot hook when a job disk is attached.
job=${safe(paths.hook.jobDevice)}
[ -e "$job" ] || exit 0
tar -tf "$job" job >/dev/null 2>&1 || exit 0
exec /bin/sh ${safe(paths.hookFile)}
`;
}

/** Adds the start line to /etc/rc.local once (creating the file where the image has none). */
export function enableScript(paths: InstallPaths): string {
  const rc = `${safe(paths.root)}/etc/rc.local`;
  return `#!/bin/sh
# Makes /etc/rc.local start nicgate's boot hook; a second run changes nothing.
rc=${rc}
grep -qF '${RC_LOCAL_MARK}' "$rc" 2>/dev/null && exit 0
printf '%s\\n' '${RC_LOCAL_LINE}' >> "$rc"
`;
}

/**
 * Takes the one-run key's lines (found by their comment) out of root's authorized keys and the
 * FreeBSD seed's key file, just before power-off: the session that runs it is already in.
 */
export function forgetKeyScript(paths: InstallPaths): string {
  const root = safe(paths.root);
  return `#!/bin/sh
# Removes the one-run prepare key nicgate added.
umask 077
for f in ${root}/root/.ssh/authorized_keys ${root}${PREPARE_KEYS_FILE}; do
  [ -f "$f" ] || continue
  grep -v ' ${ONE_RUN_KEY_COMMENT}$' "$f" > "$f.nicgate"
  mv "$f.nicgate" "$f"
done
exit 0
`;
}

/** The install archive for `traits`'s OS, unpacked at / by the recipe's `hook install` command. */
export function bsdInstallArchive(traits: BsdTraits): Buffer {
  const paths = defaultInstallPaths(traits);
  const script = (path: string, text: string) => ({
    path: path.slice(1),
    data: Buffer.from(text),
    mode: 0o755,
  });
  return buildTar([
    script(BSD_HOOK_FILES.hook, bsdBootHook(traits, paths.hook)),
    script(BSD_HOOK_FILES.start, startScript(paths)),
    script(BSD_HOOK_FILES.enable, enableScript(paths)),
    script(BSD_HOOK_FILES.forgetKey, forgetKeyScript(paths)),
  ]);
}
