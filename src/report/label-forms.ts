// The shorter forms of a label column's values (scenario-labels.ts): always whole values or whole
// words of them, never a value cut inside a word. Pure.

/** Where a value's words part: `virtio-net-pci` is virtio, net, pci; `ne2k_pci` is ne2k, pci. */
const WORD_BREAK = /[-_]/;

/** The code letter per key position when keys are guest/nic/profile/link/direction. */
const DIMENSION_LETTERS = ['G', 'N', 'P', 'L', 'D'];
/** Segments of a key nicgate makes (config/plan.ts). */
const DIMENSIONS = DIMENSION_LETTERS.length;
/** The code letter of a column of keys of another shape. */
const OTHER_LETTER = 'X';

/** Values this short stay whole beside codes: a code would save a column or two and lose the name. */
const SHORT_VALUE = 4;

/** The value as a column shows it: `value` itself, or its short form, mapped per distinct value. */
export type ColumnForm = ReadonlyMap<string, string>;

/** The whole-word starts of `value`: `virtio`, `virtio-net`, `virtio-net-pci`. */
function wordPrefixes(value: string): string[] {
  const prefixes: string[] = [];
  for (let i = 0; i < value.length; i += 1) {
    if (WORD_BREAK.test(value[i]!) && i > 0) prefixes.push(value.slice(0, i));
  }
  return [...prefixes, value];
}

/**
 * Each value's shortest whole-word start that starts no other value of the column
 * (`virtio-net-pci` → `virtio` beside `e1000`); a value that cannot be shortened stays whole.
 * Undefined when a short form would read as something else: a value shown elsewhere, or a short
 * form another column uses (`reserved`).
 */
export function wordsForm(
  values: readonly string[],
  reserved: ReadonlySet<string>,
  keep: (value: string) => boolean,
): ColumnForm | undefined {
  const distinct = [...new Set(values)];
  const form = new Map<string, string>();
  for (const value of distinct) {
    const others = distinct.filter((other) => other !== value);
    const short = keep(value)
      ? value
      : (wordPrefixes(value).find(
          (prefix) => !others.some((other) => wordPrefixes(other).includes(prefix)),
        ) ??
        // Every start of it starts another value too (`e1000` beside `e1000-x`): it stays whole.
        value);
    if (short !== value && reserved.has(short)) return undefined;
    form.set(value, short);
  }
  return form;
}

/**
 * `L1`, `L2`, … in the order the values first appear: the letter names the dimension (guest, NIC,
 * profile, link, direction) when keys have nicgate's five segments. A value a code would hardly
 * shorten stays whole (`lan`, `send`); codes already `reserved` are skipped.
 */
export function codeForm(
  values: readonly string[],
  position: number,
  segments: number,
  reserved: ReadonlySet<string>,
  keep: (value: string) => boolean,
): ColumnForm {
  const letter = segments === DIMENSIONS ? DIMENSION_LETTERS[position]! : OTHER_LETTER;
  const form = new Map<string, string>();
  let n = 1;
  const nextCode = (): string => {
    while (reserved.has(`${letter}${n}`)) n += 1;
    return `${letter}${n}`;
  };
  for (const value of new Set(values)) {
    const code = nextCode();
    const whole = keep(value) || value.length <= Math.max(code.length, SHORT_VALUE);
    if (!whole) n += 1;
    form.set(value, whole ? value : code);
  }
  return form;
}
