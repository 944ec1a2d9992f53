// Checks that need the host but boot nothing: the tools a run needs present, sudo usable, NIC
// models known.
import { RunError } from '../common/errors.js';
import { isRoot } from '../proc/privilege.js';
import type { Exec } from '../proc/exec.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { parseNicModels, validateNics } from '../qemu/devices.js';
import type { RunPlan } from '../model/plan.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { withImageGuests } from '../guest/image/os.js';
import { runTools, toolInstalled } from './packages.js';

export async function preflight(plan: RunPlan, exec: Exec): Promise<void> {
  const guests = withImageGuests(GUEST_CATALOG, plan.images ?? []);
  const diskGuest = plan.scenarios.some((s) => guests.guest(s.guest).boot === 'disk-image');
  const missing = runTools(isRoot(), diskGuest).filter((tool) => !toolInstalled(tool));
  if (missing.length > 0) {
    throw new RunError(`missing host tools: ${missing.join(', ')}; run \`nicgate setup\` to install them`);
  }
  if (!isRoot()) {
    const sudo = await exec(['sudo', '-n', 'true'], { allowFailure: true }).catch(() => undefined);
    if (sudo?.code !== 0) {
      throw new RunError(
        'nicgate needs root or passwordless sudo (`sudo -n true` failed) for namespaces, taps and tc',
      );
    }
  }
  const help = await exec([QEMU_BINARY, '-device', 'help'], { timeoutMs: 30_000 });
  validateNics([...new Set(plan.scenarios.map((s) => s.nic))], parseNicModels(help.stdout + help.stderr));
}
