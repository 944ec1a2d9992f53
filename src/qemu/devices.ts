// The NIC models a QEMU binary offers, read from `qemu-system-x86_64 -device help`.
import { InputError, RunError } from '../common/errors.js';

/** A network device as this QEMU binary lists it (what nicgate knows of a model: nic/models.ts). */
export interface QemuNicDevice {
  name: string;
  /** Other names QEMU accepts for the same device, e.g. `virtio-net` for `virtio-net-pci`. */
  aliases: string[];
  /** `PCI`, `ISA`, `usb-bus`, `virtio-bus`: not every model plugs into the pc machine as is. */
  bus: string;
  desc?: string;
}

const SECTION_HEADER = 'Network devices:';
const DEVICE_LINE = /^name "([^"]+)"/;

/** Parses the "Network devices:" section; every other category is ignored. */
export function parseNicModels(deviceHelpText: string): QemuNicDevice[] {
  const lines = deviceHelpText.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === SECTION_HEADER);
  if (start === -1) throw new RunError(`qemu -device help printed no "${SECTION_HEADER}" section`);
  const models: QemuNicDevice[] = [];
  for (const line of lines.slice(start + 1)) {
    const name = DEVICE_LINE.exec(line.trim())?.[1];
    if (name === undefined) break; // a blank line or the next category ends the section
    models.push(parseDeviceLine(name, line));
  }
  return models;
}

function parseDeviceLine(name: string, line: string): QemuNicDevice {
  const aliases = [...line.matchAll(/, alias "([^"]+)"/g)].map((match) => match[1] ?? '');
  const bus = /, bus ([^,\s]+)/.exec(line)?.[1] ?? '';
  const desc = /, desc "([^"]*)"/.exec(line)?.[1];
  return desc === undefined ? { name, aliases, bus } : { name, aliases, bus, desc };
}

/** PCI devices in QEMU's network list that are not a NIC a guest can measure through. */
const NOT_MEASURABLE: Readonly<Record<string, string>> = {
  rocker: 'is a switch device, not a NIC',
  pvrdma: 'is an RDMA device that needs an RDMA backend',
};

/** Why a listed model cannot be used, or undefined when it can: nicgate plugs NICs into the pc machine's PCI bus. */
function unusable(model: QemuNicDevice): string | undefined {
  if (model.bus !== 'PCI')
    return `is a ${model.bus || 'non-PCI'} device; nicgate plugs NICs into the PCI bus`;
  return NOT_MEASURABLE[model.name];
}

/** Throws for the first requested model that QEMU does not list, or lists but nicgate cannot use. */
export function validateNics(requested: readonly string[], available: readonly QemuNicDevice[]): void {
  const byName = new Map(
    available.flatMap((model) => [model.name, ...model.aliases].map((name) => [name, model] as const)),
  );
  const valid = available
    .filter((model) => unusable(model) === undefined)
    .map((model) => model.name)
    .join(', ');
  for (const nic of requested) {
    const model = byName.get(nic);
    if (!model) throw new InputError('--nic', nic, `is not a NIC model this QEMU offers; valid: ${valid}`);
    const reason = unusable(model);
    if (reason) throw new InputError('--nic', nic, `${reason}; valid: ${valid}`);
  }
}
