// Writes every line of a texts file as a memory through memory-service's API, with a few requests
// in flight, then waits until the status page shows none of them pending embedding.
// Usage: node ingest.mjs BASE_URL TOKEN TEXTS_FILE CONCURRENCY
// Prints: "<seconds until all writes answered> <seconds until all embedded>".
import { readFileSync } from 'node:fs';

const [base, token, file, concurrency] = process.argv.slice(2);
const texts = readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

const started = performance.now();
let next = 0;
async function writer() {
  while (next < texts.length) {
    const content = texts[next++];
    const response = await fetch(`${base}/api/v1/memory/memories`, {
      method: 'POST', headers, body: JSON.stringify({ content }),
    });
    if (response.status !== 201) {
      throw new Error(`write answered ${response.status}: ${await response.text()}`);
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, writer));
const written = performance.now();

for (;;) {
  const status = await (await fetch(`${base}/api/v1/memory/status`, { headers })).json();
  if (status.search.pending === 0) {
    if (status.search.ready !== texts.length) {
      throw new Error(`expected ${texts.length} embedded memories, found ${status.search.ready}`);
    }
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const embedded = performance.now();
console.log(`${((written - started) / 1000).toFixed(3)} ${((embedded - started) / 1000).toFixed(3)}`);
