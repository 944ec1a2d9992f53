// Console steps the BSD recipes share: the login prompt, root's empty-password login, the key
// typed into root's authorized keys, and the failures any boot may meet. Each command prints a
// marker made by printf from two words, so the console's echo of the typed line never contains
// the marker it waits for (`printf 'nicgate-%s\n' key-ok` prints nicgate-key-ok). Pure.
import { BSD_HOOK_FILES } from './install.js';
import type { ConsoleFailure, ConsoleStep, TypingInput } from '../recipe/recipe.js';

/** `command`, then a marker saying whether it succeeded (POSIX sh and csh alike). */
export function marked(command: string, name: string): string {
  return `${command} && printf 'nicgate-%s\\n' ${name}-ok || printf 'nicgate-%s\\n' ${name}-failed`;
}

/** Waits for the marker of `marked(_, name)`; its failure marker fails the step with `reason`. */
export function markerStep(
  step: ConsoleStep['step'],
  name: string,
  reason: string,
  timeoutMs: number,
): Pick<ConsoleStep, 'step' | 'awaiting' | 'expect' | 'failures' | 'timeoutMs'> {
  return {
    step,
    awaiting: `the marker nicgate-${name}-ok`,
    expect: new RegExp(`nicgate-${name}-ok`),
    failures: [{ pattern: new RegExp(`nicgate-${name}-failed`), reason }],
    timeoutMs,
  };
}

/** getty's prompt at the start of a line (`login: `, or `host login: `). */
export const LOGIN_PROMPT = /(?:^|\n)[\w.-]* ?login: /;
/**
 * Root's shell prompt (`root@freebsd:~ # `, `localhost# `, `# `), at the end of what the console
 * has shown: the shell prints it and waits, so nothing follows it until keys are typed.
 */
export const ROOT_PROMPT = /#[ \t]*$/;

/** A root login refused: root has a password here, or the image takes no root login on its console. */
export const ROOT_LOGIN_FAILURES: readonly ConsoleFailure[] = [
  {
    pattern: /(?:^|\n)Password: *$/,
    reason:
      'root asks for a password on the serial console; the recipe logs in as root with the empty password the published image has',
  },
  { pattern: /Login incorrect/, reason: 'the serial console refused the root login' },
];

/** Failures of any step: the kernel panicked, or the boot stopped in a single-user shell. */
export const BSD_BOOT_FAILURES: readonly ConsoleFailure[] = [
  // NetBSD stamps each kernel message with its uptime (`[   2.0312] panic: ...`).
  {
    pattern: /(?:^|\n)(?:\[ *[\d.]+\] )?panic: /,
    reason: 'the guest kernel panicked (the console log has the panic message)',
  },
  {
    pattern: /Enter (?:full )?pathname of shell or RETURN for/,
    reason: 'the boot stopped in single-user mode (a file system check or /etc/rc failed)',
  },
];

/**
 * Root's authorized keys get the prepare key: two lines, each under a terminal's line limit with
 * a 64-character comment. The key is the only input, checked before the dialogue opened
 * (public-key.ts: base64 and a comment of letters, digits and `@._+-`, nothing a quote ends).
 */
export function typeRootKey({ publicKey }: TypingInput): string {
  return [
    'umask 077; mkdir -p /root/.ssh; cd /root/.ssh',
    marked(`echo '${publicKey}' >> authorized_keys`, 'key'),
    '',
  ].join('\r');
}

/**
 * Unpacking the install archive (install.ts) from standard input, then the line in /etc/rc.local
 * that starts the hook: BSD tar reads a tape drive without `-f -`; `sh` runs the script whatever
 * root's login shell is.
 */
export const BSD_HOOK_INSTALL = `tar -x -f - -C / && sh ${BSD_HOOK_FILES.enable} && sync`;
/** The one-run key out again, then off. */
export const BSD_POWER_OFF = `sh ${BSD_HOOK_FILES.forgetKey}; sync; shutdown -p now`;
