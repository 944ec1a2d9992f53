// A guest's serial console for tests, played from a transcript of fixtures/consoles/ on a real
// unix socket the test serves where QEMU would: it prints a turn, waits until the keys typed at it
// pause, then prints the next turn (which begins with the echo of those keys, as the transcripts
// are written). It records what was typed, turn by turn.
import { createServer, type Server, type Socket } from 'node:net';
import type { Transcript } from './replay.js';

export interface ConsolePeer {
  /** What was typed after each turn, in order. */
  readonly typed: string[];
  /** Each typed chunk with the time it arrived (the pace of typing). */
  readonly arrivals: { at: number; text: string }[];
  /** Whether a client is connected now. */
  readonly connected: boolean;
  /** Stops serving and drops the client (a QEMU that ended). */
  close(): Promise<void>;
}

export async function serveTranscript(
  path: string,
  transcript: Transcript,
  options: { quietMs?: number; chunkSize?: number } = {},
): Promise<ConsolePeer> {
  const quietMs = options.quietMs ?? 150;
  const chunkSize = options.chunkSize ?? 64;
  const typed: string[] = [];
  const arrivals: { at: number; text: string }[] = [];
  let client: Socket | undefined;
  const server: Server = createServer((socket) => {
    client = socket;
    socket.setEncoding('latin1');
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (client === socket) client = undefined;
    });
    let turn = 0;
    let pending = '';
    let quiet: NodeJS.Timeout | undefined;
    const print = (text: string) => {
      for (let at = 0; at < text.length; at += chunkSize) socket.write(text.slice(at, at + chunkSize));
    };
    print(transcript.turns[0] ?? '');
    socket.on('data', (chunk: string) => {
      arrivals.push({ at: Date.now(), text: chunk });
      pending += chunk;
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        typed.push(pending);
        pending = '';
        turn += 1;
        if (turn < transcript.turns.length && !socket.destroyed) print(transcript.turns[turn]!);
      }, quietMs);
    });
    socket.on('close', () => clearTimeout(quiet));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return {
    typed,
    arrivals,
    get connected() {
      return client !== undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        client?.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A transcript cut after `turns` turns: the guest then prints nothing more. */
export function firstTurns(transcript: Transcript, turns: number): Transcript {
  return { ...transcript, turns: transcript.turns.slice(0, turns) };
}
