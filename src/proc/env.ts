// The environment a child process gets: ours without credentials. The Action's inputs arrive as
// INPUT_* (the comment token among them as INPUT_GITHUB-TOKEN) and the runner hands every step
// its own tokens; no tool nicgate starts (ip, qemu, apt, iperf3) needs any of them.

/** Names that hold a credential, or may: dropped whatever their value. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY/i;

function isSecretName(name: string): boolean {
  return name.toUpperCase().startsWith('INPUT_') || SECRET_NAME.test(name);
}

/** `env` without the variables `isSecretName` picks. */
export function scrubEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretName(name)));
}
