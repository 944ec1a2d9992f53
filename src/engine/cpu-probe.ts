// The host's CPU capacity right now: one worker per usable core runs a fixed integer loop for a
// short window and counts rounds. A busy neighbour takes cores away and lowers the score; the
// stored-baseline rule reads a score outside its history's band as "environment differs".
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WINDOW_MS = 300;

// Plain JavaScript run by each worker (eval: no extra file to bundle). xorshift keeps the loop
// from being optimised away; rounds of 10 000 keep the clock reads rare.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const end = Date.now() + workerData.windowMs;
let x = 2463534242, rounds = 0;
while (Date.now() < end) {
  for (let i = 0; i < 10000; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  rounds++;
}
parentPort.postMessage({ rounds, x });
`;

function oneWorker(windowMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { windowMs } });
    worker.once('message', (message: { rounds: number }) => resolve(message.rounds));
    worker.once('error', reject);
  });
}

/** Rounds per second over all cores (thousands of rounds, rounded). */
export async function probeCpuScore(cores = availableParallelism(), windowMs = WINDOW_MS): Promise<number> {
  const rounds = await Promise.all(Array.from({ length: cores }, () => oneWorker(windowMs)));
  const total = rounds.reduce((sum, r) => sum + r, 0);
  return Math.round(total / (windowMs / 1000) / 1000);
}
