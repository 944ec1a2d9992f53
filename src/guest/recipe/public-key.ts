// The one piece of outside text a prepare recipe may type into a guest: the SSH public key of
// the prepare run. It is checked against the exact shape of an ed25519 key (RFC 8709: the string
// "ssh-ed25519", then 32 bytes, base64 of 51 bytes) and rebuilt from what was checked, so nothing
// but letters, digits, "+", "/", "@", ".", "_", "-" and spaces can reach a guest's shell. The
// comment is kept: prepare finds the one-run key's line by it to remove it (image/ssh-key.ts). Pure.
import { RunError } from '../../common/errors.js';

const KEY_TYPE = 'ssh-ed25519';
const KEY_BYTES = 32;
// Base64 of 51 bytes is 68 characters without padding; the first 25 encode the type's length
// and name and the key's length (0x00000020), the same for every ed25519 key.
const ED25519_PUBLIC_KEY =
  /^ssh-ed25519 (AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43})(?: ([A-Za-z0-9@._+-]{1,64}))?$/;

export class PublicKeyError extends RunError {
  override readonly name = 'PublicKeyError';
}

/** `ssh-ed25519 <base64> [comment]` rebuilt from `text`; PublicKeyError for anything else. */
export function checkedEd25519PublicKey(text: string): string {
  const match = ED25519_PUBLIC_KEY.exec(text.trim());
  if (match === null)
    throw new PublicKeyError(
      'the prepare key is not an ed25519 public key of the form "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI..." (nothing else is typed into a guest)',
    );
  const encoded = match[1]!;
  const blob = Buffer.from(encoded, 'base64');
  const typeLength = blob.readUInt32BE(0);
  const type = blob.subarray(4, 4 + typeLength).toString('latin1');
  const keyLength = blob.readUInt32BE(4 + typeLength);
  // The pattern pins the prefix; this also refuses an encoding whose last character carries
  // bits base64 would not produce (a key that does not round-trip).
  if (
    type !== KEY_TYPE ||
    keyLength !== KEY_BYTES ||
    blob.length !== 4 + typeLength + 4 + KEY_BYTES ||
    blob.toString('base64') !== encoded
  )
    throw new PublicKeyError('the prepare key does not decode to an ed25519 public key');
  const comment = match[2];
  return comment === undefined ? `${KEY_TYPE} ${encoded}` : `${KEY_TYPE} ${encoded} ${comment}`;
}
