import { generateKeyPairSync } from 'node:crypto';
import { checkedEd25519PublicKey, PublicKeyError } from '../../../src/guest/recipe/public-key.js';
import { TEST_KEY } from './replay.js';

const BARE = TEST_KEY.split(' ').slice(0, 2).join(' ');

/** A fresh ed25519 public key in OpenSSH's form (RFC 8709). */
function freshKey(comment = 'prepare'): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const type = Buffer.from('ssh-ed25519');
  const length = (n: number) => Buffer.from([0, 0, 0, n]);
  return `ssh-ed25519 ${Buffer.concat([length(type.length), type, length(raw.length), raw]).toString('base64')} ${comment}`;
}

describe('checkedEd25519PublicKey', () => {
  it('takes an ed25519 key as ssh-keygen writes it, with or without its comment', () => {
    expect(checkedEd25519PublicKey(TEST_KEY)).toBe(TEST_KEY);
    const key = freshKey('nicgate-prepare');
    expect(checkedEd25519PublicKey(`${key}\n`)).toBe(key);
    const bare = key.split(' ').slice(0, 2).join(' ');
    expect(checkedEd25519PublicKey(bare)).toBe(bare);
  });

  it.each([
    ['a shell command after the key', `${TEST_KEY}'; reboot; '`],
    ['a quote in the comment', `${TEST_KEY}'s`],
    ['a comment of 65 characters', `${TEST_KEY}${'x'.repeat(65 - 12)}`],
    ['a second line', `${BARE}\nssh-ed25519 x`],
    ['an RSA key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host'],
    ['a truncated key', BARE.slice(0, -1)],
    ['a longer key', `${BARE}A`],
    ['padding', `${BARE.slice(0, -1)}=`],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => checkedEd25519PublicKey(text)).toThrow(PublicKeyError);
  });

  it('refuses a key whose blob does not decode to 32 key bytes (the pattern alone would pass it)', () => {
    // The 26th character carries the key length's last two bits: Q sets one, making it 33.
    const wrongLength = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIQ${BARE.slice(38)}`;
    expect(wrongLength).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}$/);
    expect(() => checkedEd25519PublicKey(wrongLength)).toThrow('does not decode to an ed25519 public key');
  });
});
