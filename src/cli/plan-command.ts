// `nicgate plan [run options]`: every scenario with the QEMU command line of its boots and what
// the guest is asked to do, without building or booting anything. What a user reads to see what
// will happen, and what tests assert on. Pure apart from the caller's printing.
import { linkShaping, netemArgs } from '../net/link-shaping.js';
import { bootVmSpec, planBoot, SAVED_GUEST_MAC } from '../engine/boot-spec.js';
import { bootGroups } from '../engine/groups.js';
import { clientOptions, measuresTcpStats } from '../engine/repetition.js';
import type { GuestCatalog } from '../guest/catalog.js';
import type { GuestOs, OperatingSystem } from '../guest/os.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { withImageGuests } from '../guest/image/os.js';
import { buildIperf3ClientArgv } from '../iperf3/client.js';
import { metricsOfGroup } from '../model/metrics.js';
import type { Accelerator, ImageGuest, LinkProfile, RunPlan } from '../model/plan.js';
import { nicDrivers, nicQuirk } from '../nic/drivers.js';
import { vhostFor } from '../nic/models.js';
import { KVM_CPU_WITHOUT_ARCH_CAPABILITIES } from '../qemu/accel.js';
import { buildQemuArgv, type BootSource } from '../qemu/argv.js';
import { CONSOLE_FD } from '../qemu/console-file.js';
import type { PairedOptions } from '../config/paired-options.js';
import { SEQUENTIAL_DESIGN_DEFAULTS } from '../verdicts/sequential.js';

/** An argument as a reader would type it: quoted when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Plan boots nothing, so it says what the accelerator probe would try, in order. */
const KVM_CPU_RETRY = `-cpu host, retried with -cpu ${KVM_CPU_WITHOUT_ARCH_CAPABILITIES} where QEMU fails to set MSR 0x10a`;

function accelOf(plan: RunPlan): { accel: Accelerator; note: string } {
  if (plan.accel === 'tcg') return { accel: 'tcg', note: '' };
  if (plan.accel === 'kvm') return { accel: 'kvm', note: ` (kvm: ${KVM_CPU_RETRY})` };
  return {
    accel: 'kvm',
    note: ` (--accel auto: shown for KVM; kvm: ${KVM_CPU_RETRY}; where KVM does not work, -accel tcg,tb-size=256 -cpu max)`,
  };
}

function linkLine(link: LinkProfile, os: OperatingSystem): string {
  const whole = netemArgs(link);
  if (whole.length === 0) return 'unshaped';
  if (!os.shapesOwnLink)
    return `netem ${whole.join(' ')} on the host side of the tap (${os.label} cannot shape its own link: a run is refused where the host has no sch_netem)`;
  const half = linkShaping(link, true, true);
  return `netem ${half.host.join(' ')} on each side of the tap, the host's and the guest's egress (where the host has no sch_netem: netem ${whole.join(' ')} in the guest alone)`;
}

function sizeText(bytes: number): string {
  const mib = bytes / 1024 ** 2;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib.toFixed(1)} MiB`;
}

/** A user's image as `nicgate plan` shows it: where it lies, what its header says, its content. */
/** How a boot starts, in words. */
function startWords(boot: GuestOs['boot'], preview: BootSource): string {
  if (preview.kind === 'disk' && preview.direct)
    return "the image's own kernel and initrd, straight into nicgate's hook; the image prepared once before, over SSH";
  return boot === 'disk-image' ? 'firmware, boot loader, kernel' : 'kernel and initrd';
}

function imageLine(image: ImageGuest, os: OperatingSystem): string {
  return `  image:    ${shellWord(image.path)} (${image.format} by its header, a ${sizeText(image.virtualBytes)} disk in a ${sizeText(image.fileBytes)} file, sha256 ${image.contentHash.slice(0, 12)}, ${os.label})`;
}

/** How prepare would get into an image of `os`, and that it has not been run where it has not. */
function prepareLine(os: OperatingSystem): string[] {
  const prepare = os.imagePrepare;
  if (prepare === undefined) return [];
  const { recipe } = prepare;
  if (recipe.kind === 'refusal') return [`  prepare:  none known: ${recipe.reason}`];
  const consoleSteps = [...new Set(recipe.console.map((step) => step.step))].join(', ');
  return [
    `  prepare:  for ${recipe.fits}: on the serial console ${consoleSteps}${recipe.seed === undefined ? '' : ' (and a NoCloud seed with the key)'}; over SSH hook install, iperf3 install (${recipe.overSsh['iperf3 install']})`,
    `            ${prepare.proven ? 'run' : 'not yet run'}: written from ${recipe.sources.join(', ')}`,
  ];
}

/** What the metrics beyond throughput add to each repetition; nothing for throughput alone. */
function metricsLines(plan: RunPlan): string[] {
  if (!measuresTcpStats(plan.measure)) return [];
  return [
    `metrics:  ${(plan.measure.metrics ?? []).join(', ')}; tcp-stats reads ${metricsOfGroup('tcp-stats').join(', ')} from the sending end of each repetition, shown and not gated: where the guest sends, from its iperf3 server's document (--get-server-output below)`,
  ];
}

/** The plan as text: one block per boot (a boot serves the directions of a scenario). */
export function renderPlan(plan: RunPlan, known: GuestCatalog = GUEST_CATALOG): string {
  const guests = withImageGuests(known, plan.images ?? []);
  const { accel, note } = accelOf(plan);
  const lines: string[] = [
    `nicgate plan: ${plan.scenarios.length} scenario(s), ${plan.measure.repetitions} repetition(s) of ${plan.measure.durationSec} s (plus ${plan.measure.omitSec} s omitted) each${note}`,
    ...metricsLines(plan),
  ];
  for (const [index, group] of bootGroups(plan.scenarios).entries()) {
    const first = group.scenarios[0]!;
    const guest = guests.guest(first.guest);
    const { os } = guest;
    // The boot a run makes, its tap a placeholder, on a host with sch_netem (linkLine says the rest).
    const boot = planBoot({ index, setup: first, os, tap: `<tap ${index}>` }, true);
    const { addresses } = boot;
    // Shown with vhost=off: only a run sees whether /dev/vhost-net opens (the vhost line says so).
    const preview = guest.bootPreview(index);
    const argv = buildQemuArgv(bootVmSpec(boot, { accel }, preview, addresses.guestMac));
    const quirk = nicQuirk(os.nics, first.nic);
    lines.push(
      '',
      `${group.key}  (${guest.title})`,
      ...(plan.images ?? [])
        .filter((image) => image.name === guest.name)
        .flatMap((image) => [imageLine(image, os), ...prepareLine(os)]),
      ...(guest.notRunnable === undefined ? [] : [`  runs:     not yet: ${guest.notRunnable}`]),
      `  qemu:     ${argv.map(shellWord).join(' ')}`,
      `  console:  <work-dir>/console-${index}.log, created by nicgate and handed to QEMU as descriptor ${CONSOLE_FD}`,
      ...(plan.guestStart === 'restore' && guest.boot === 'initramfs'
        ? [
            `  start:    from a saved state when one exists for this image, NIC and QEMU (the same QEMU command line with -incoming fd:${CONSOLE_FD + 1} and MAC ${SAVED_GUEST_MAC}; the job then goes over the control port)`,
          ]
        : [`  start:    boots (${startWords(guest.boot, preview)})`]),
      `  drivers:  ${nicDrivers(os.nics, first.nic).join(' ') || '(built in)'} (${os.nics.loading === 'modules' ? 'with their dependencies' : 'in the kernel; the interface is found by its MAC'})`,
      ...(quirk === undefined
        ? []
        : [
            `  device:   ${Object.entries(quirk.props)
              .map(([key, value]) => `${key}=${value}`)
              .join(',')}: ${quirk.why}`,
          ]),
      ...(vhostFor(first.nic, true) === undefined
        ? []
        : ['  vhost:    on where /dev/vhost-net opens for this user (the tap then gets vhost=on), else off']),
      `  profile:  ${first.profile.name} (${first.profile.source})`,
      ...(first.profile.sysctls.length === 0
        ? ['            (nothing: the guest kernel as it boots)']
        : os.tuningLines(first.profile.sysctls).map((line) => `            ${line}`)),
      ...(first.profile.missing ?? []).map((what) => `            not applied: ${what}`),
      `  address:  ${boot.job.address} (host ${addresses.host}), MAC ${addresses.guestMac}`,
      `  link:     ${linkLine(first.link, os)}`,
    );
    for (const scenario of group.scenarios)
      lines.push(
        `  ${scenario.direction.padEnd(8)}  iperf3 ${buildIperf3ClientArgv(
          clientOptions(
            { server: addresses.guest, port: boot.job.iperf3Port, direction: scenario.direction },
            plan.measure,
          ),
        )
          .map(shellWord)
          .join(' ')}  (in the run's namespace, ${plan.measure.repetitions}x)`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * With `--base-ref`, how the paired gate would measure and judge each changed scenario: its design
 * (sequential looks, their first look and cap, or the fixed design's pairs) and the base it pairs with.
 */
export function renderPairedDesign(options: PairedOptions): string {
  const design = options.sequential
    ? `sequential: looked after every pair from ${SEQUENTIAL_DESIGN_DEFAULTS.firstLook}, at most ${options.pairs} pairs per changed scenario, Student's t with Pocock-type alpha spending, Bonferroni over the scenarios measured`
    : `fixed design: ${options.pairs} pairs per changed scenario (raised where Holm across the scenarios needs more), Wilcoxon signed-rank, Holm-adjusted`;
  return [
    '',
    `paired:   ${shellWord(options.baseRef)} against the working tree, each changed scenario in blocks of a base and a head guest, interleaved`,
    `          ${design}`,
    `          judged: ${options.gateMetrics.join(', ')}`,
    '',
  ].join('\n');
}
