// A QMP server on a real unix socket, speaking the protocol as QEMU does (greeting, capabilities
// negotiation, `{"return"}` / `{"error"}` replies carrying the command's id, asynchronous events),
// with each command answered by the test.
import { createServer, type Server, type Socket } from 'node:net';

export interface QmpCommand {
  execute: string;
  arguments?: Record<string, unknown>;
}

/** What a handler answers: a return value, or QEMU's error reply. */
export type QmpAnswer = { return: unknown } | { error: { class: string; desc: string } };

export interface FakeQmp {
  /** Every command received after the handshake, in order. */
  commands: QmpCommand[];
  /** Sends an asynchronous event to every connected client (QEMU does so at any time). */
  event(name: string): void;
  close(): Promise<void>;
}

const GREETING = {
  QMP: { version: { qemu: { micro: 22, minor: 2, major: 7 }, package: '' }, capabilities: ['oob'] },
};

export async function startFakeQmp(
  path: string,
  answer: (command: QmpCommand) => QmpAnswer | Promise<QmpAnswer> = () => ({ return: {} }),
): Promise<FakeQmp> {
  const commands: QmpCommand[] = [];
  const clients = new Set<Socket>();
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => undefined);
    socket.write(`${JSON.stringify(GREETING)}\r\n`);
    let negotiated = false;
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const request = JSON.parse(line) as QmpCommand & { id?: unknown };
        const reply = (body: QmpAnswer): void => {
          if (!socket.destroyed) socket.write(`${JSON.stringify({ ...body, id: request.id })}\r\n`);
        };
        if (!negotiated) {
          if (request.execute === 'qmp_capabilities') {
            negotiated = true;
            reply({ return: {} });
          } else
            reply({
              error: {
                class: 'CommandNotFound',
                desc: "Expecting capabilities negotiation with 'qmp_capabilities'",
              },
            });
          continue;
        }
        commands.push({
          execute: request.execute,
          ...(request.arguments ? { arguments: request.arguments } : {}),
        });
        void Promise.resolve(answer(request)).then(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    commands,
    event: (name) => {
      const line = `${JSON.stringify({ event: name, data: {}, timestamp: { seconds: 1, microseconds: 0 } })}\r\n`;
      for (const client of clients) client.write(line);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.destroy();
        server.close(() => resolve());
      }),
  };
}
