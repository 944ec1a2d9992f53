import { describeError, InputError, quote, RunError, TimeoutError } from '../../src/common/errors.js';

describe('InputError', () => {
  it('names the input and quotes the value', () => {
    const error = new InputError('--nic', 'virtio net', 'is not a NIC model name');
    expect(error.message).toBe('--nic: "virtio net" is not a NIC model name');
    expect(error.input).toBe('--nic');
    expect(error.value).toBe('virtio net');
    expect(error.name).toBe('InputError');
    expect(error).toBeInstanceOf(Error);
  });

  it('quotes values with quotes, newlines and the empty string unambiguously', () => {
    expect(new InputError('nicgate.yml:3', 'a"b\nc', 'is bad').message).toBe(
      'nicgate.yml:3: "a\\"b\\nc" is bad',
    );
    expect(new InputError('--link', '', 'is empty').message).toBe('--link: "" is empty');
  });

  it('keeps the cause', () => {
    const cause = new Error('ENOENT');
    expect(new InputError('--config', 'x.yml', 'is not readable', { cause }).cause).toBe(cause);
  });
});

describe('RunError and TimeoutError', () => {
  it('have their names and a rounded limit', () => {
    expect(new RunError('boom').name).toBe('RunError');
    const timeout = new TimeoutError('guest boot', 20_400);
    expect(timeout).toBeInstanceOf(RunError);
    expect(timeout.name).toBe('TimeoutError');
    expect(timeout.message).toBe('guest boot did not finish within 20 s');
  });
});

describe('describeError', () => {
  it('shows the message of a single error', () => {
    expect(describeError(new RunError('iperf3 could not connect'))).toBe('iperf3 could not connect');
  });

  it('joins the chain of causes', () => {
    const error = new RunError('could not install iperf3', {
      cause: new Error('apt-get exited with 100', { cause: new Error('E: Unable to locate package') }),
    });
    expect(describeError(error)).toBe(
      'could not install iperf3: apt-get exited with 100: E: Unable to locate package',
    );
  });

  it('does not repeat a cause the message already contains', () => {
    const cause = new Error('exit code 1');
    expect(describeError(new RunError('tc failed: exit code 1', { cause }))).toBe('tc failed: exit code 1');
  });

  it('shows non-Error values and causes as text', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(42)).toBe('42');
    expect(describeError(new Error('outer', { cause: 'inner' }))).toBe('outer: inner');
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const text = describeError(a);
    expect(text.startsWith('a: b')).toBe(true);
    expect(text.split(': ').length).toBeLessThanOrEqual(5);
  });

  it('never includes a stack trace', () => {
    const inner = new Error('inner');
    const error = new InputError('--nic', 'x', 'is bad', { cause: inner });
    const text = describeError(error);
    expect(text).toBe('--nic: "x" is bad: inner');
    expect(text).not.toMatch(/\n\s+at /);
    expect(text).not.toContain('errors.test.ts');
    expect(text).not.toContain('\n');
  });
});

describe('quote', () => {
  it('escapes control, invisible and bidi characters', () => {
    expect(quote('a\u0000b\u007fc\u009bd\u202ee\u2028')).toBe('"a\\u0000b\\u007fc\\u009bd\\u202ee\\u2028"');
  });

  it('cuts a long value and says how long it was', () => {
    const value = `${'\u0001'.repeat(200)}${'x'.repeat(300_000)}`;
    const message = new InputError('tuning.conf:1', value, 'is not a `name = value` line').message;
    expect(message.length).toBeLessThan(1000);
    expect(message).toContain('… (300200 characters)');
    expect(message).not.toContain('\u0001');
  });

  it('escapes lone surrogates rather than cutting a pair in half silently', () => {
    expect(quote('\ud800x')).toBe('"\\ud800x"');
  });
});
