// Scenario keys as results and verdicts files may carry them: every key nicgate makes, nothing
// that could end a console line, start a workflow command or reach an object's prototype.
import { FileFormatError } from '../../src/common/errors.js';
import { expandScenarios } from '../../src/config/plan.js';
import { parseLinks } from '../../src/config/link.js';
import { NIC_MODELS } from '../../src/nic/models.js';
import { parseResultsJson } from '../../src/model/results.js';
import { scenarioKeySchema } from '../../src/model/scenario-key.js';
import { parseVerdictsJson } from '../../src/model/verdicts.js';
import { results, scenario } from '../baseline/sample-results.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import { unchanged, verdictsFile } from '../report/fixtures.js';

const valid = (key: string): boolean => scenarioKeySchema.safeParse(key).success;

describe('scenario keys', () => {
  it('accepts every key nicgate makes', () => {
    const links = parseLinks('lan,lan,loss=1%,rtt=50ms,loss=0.1%,rate=100mbit,rtt=0.5ms,rate=1500kbit');
    const stock = { name: 'stock', source: 'builtin', sysctls: [] };
    // Linux guests take every model and any Linux profile file; a BSD the models it drives.
    const linux = GUEST_CATALOG.guests.filter((guest) => guest.os.name === 'linux');
    const bsds = GUEST_CATALOG.guests.filter((guest) => guest.os.name !== 'linux');
    const keys = [
      ...expandScenarios(
        linux,
        Object.keys(NIC_MODELS),
        [stock, { name: 'my_tuning.v2', source: 'my_tuning.v2.conf', sysctls: [] }],
        links,
        ['send', 'receive'],
        GUEST_CATALOG.oses,
      ),
      ...expandScenarios(
        bsds,
        ['virtio-net-pci', 'e1000', 'rtl8139'],
        [stock],
        links,
        ['send', 'receive'],
        GUEST_CATALOG.oses,
      ),
    ].map((s) => s.key);
    expect(keys).toContain('freebsd-15.0/virtio-net-pci/stock/lan/send');
    expect(keys).toContain('linux/virtio-net-pci/stock/rtt50ms-loss0.1pct-rate100mbit/send');
    expect(keys).toContain('linux/ne2k_pci/my_tuning.v2/lan-loss1pct/receive');
    expect(keys).toContain('linux/e1000/stock/rtt0.5ms-rate1500kbit/send');
    expect(keys.filter((key) => !valid(key))).toEqual([]);
  });

  it.each([
    ['a line break and a workflow command', 'linux/e1000\n::error::pwned'],
    ['a workflow command at the start', '::add-mask::linux'],
    ['a segment starting with a colon', 'linux/::warning::x'],
    ['a carriage return', 'linux/e1000\r'],
    ['a bidi override', 'linux/\u202ee1000'],
    ['a space', 'linux/e 1000'],
    ['an empty segment', 'linux//send'],
    ['a leading slash', '/linux/send'],
    ['a dot segment', 'linux/../send'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['prototype as a segment', 'linux/prototype/send'],
    ['constructor as a segment', 'linux/e1000/constructor'],
    ['the empty string', ''],
    ['501 characters', `linux/${'a'.repeat(495)}`],
  ])('refuses %s', (_what, key) => {
    expect(valid(key)).toBe(false);
  });

  it('refuses such a key in a results file, naming the file', () => {
    const text = JSON.stringify(results([scenario('linux/e1000\n::error::pwned', [1e9])]));
    expect(() => parseResultsJson(text, 'pr/results.json')).toThrow(FileFormatError);
    expect(() => parseResultsJson(text, 'pr/results.json')).toThrow(
      /^pr\/results\.json: is not a valid results file at scenarios\[0\]\.key: a scenario key is/,
    );
    const proto = JSON.stringify(results([scenario('constructor', [1e9])]));
    expect(() => parseResultsJson(proto, 'r.json')).toThrow('must not have a segment named');
  });

  it('refuses such a key in a verdicts file', () => {
    const text = JSON.stringify(verdictsFile([unchanged('linux/e1000\n::warning::pwned')]));
    expect(() => parseVerdictsJson(text, 'pr/verdicts.json')).toThrow(FileFormatError);
    const proto = JSON.stringify(verdictsFile([unchanged('__proto__')]));
    expect(() => parseVerdictsJson(proto, 'v.json')).toThrow(FileFormatError);
    const prototype = JSON.stringify(verdictsFile([unchanged('linux/prototype')]));
    expect(() => parseVerdictsJson(prototype, 'v.json')).toThrow('must not have a segment named');
  });

  it('still reads ordinary files', () => {
    const key = 'linux/virtio-net-pci/tuned/rtt50ms-loss0.1pct-rate100mbit/send';
    expect(
      parseResultsJson(JSON.stringify(results([scenario(key, [1e9])])), 'r.json').scenarios[0]!.key,
    ).toBe(key);
    expect(parseVerdictsJson(JSON.stringify(verdictsFile([unchanged(key)])), 'v.json').verdicts).toHaveLength(
      1,
    );
  });
});
