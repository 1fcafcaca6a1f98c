// Times streamed chat answers one at a time, as a user waits for them: time to the first token and
// to the end of the answer, after a warm-up. Prints "ttft_p50 ttft_p99 total_p50 total_p99" in ms.
// Usage: node ttft.mjs URL FORMAT REQUESTS WARMUP BODY_JSON [BEARER_TOKEN]
//   FORMAT: ndjson (Ollama's stream: the first line with content) or sse (the first "event: token")
import http from 'node:http';

const [url, format, requests, warmup, body, token] = [process.argv[2], process.argv[3], Number(process.argv[4]),
  Number(process.argv[5]), process.argv[6], process.argv[7]];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(url);

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let first = null;
    let seen = '';
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    if (token) headers.Authorization = `Bearer ${token}`;
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${url} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        seen += chunk;
        if (first !== null) return;
        const arrived = format === 'sse' ? seen.includes('event: token') : seen.includes('"content":" ');
        if (arrived) first = process.hrtime.bigint();
      });
      res.on('end', () => {
        if (first === null) return reject(new Error(`no token in the answer of ${url}: ${seen.slice(0, 300)}`));
        const end = process.hrtime.bigint();
        resolve([Number(first - started) / 1e6, Number(end - started) / 1e6, seen]);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

for (let i = 0; i < warmup; i++) await once();
const ttft = [];
const total = [];
for (let i = 0; i < requests; i++) {
  const [first, end, seen] = await once();
  if (format === 'sse' && !seen.includes('event: done')) throw new Error(`the stream of ${url} did not end with done`);
  ttft.push(first);
  total.push(end);
}
console.log([percentile(ttft, 50), percentile(ttft, 99), percentile(total, 50), percentile(total, 99)]
  .map((v) => v.toFixed(2)).join(' '));
