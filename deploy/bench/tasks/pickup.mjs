// Pick-up latency of an idle queue: submits one task at a time (POST /api/v1/tasks to SUBMIT_URL)
// and, once it has finished, reads its startedAt (stamped by the claim, in PostgreSQL's clock, the
// same machine's as ours). A sample is startedAt minus the moment the POST's answer arrived; it is
// negative when the worker claimed the task before the answer reached us (a submit to the worker's
// own process wakes it at once). Samples are a random 20-60 ms apart, so that they never line up
// with the workers' 1 s poll, and the queue is empty before each one.
// Usage: node pickup.mjs SUBMIT_URL TOKEN AGENT_ID SAMPLES WARMUP
// Prints "p50_ms p99_ms" over SAMPLES after WARMUP unrecorded ones.
import http from 'node:http';

const [base, token, agentId, samples, warmup] = [process.argv[2], process.argv[3], process.argv[4],
  Number(process.argv[5]), Number(process.argv[6])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(base);
const terminal = new Set(['completed', 'failed', 'canceled', 'dead']);

// Wall-clock milliseconds with sub-millisecond precision.
const now = () => performance.timeOrigin + performance.now();

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}` };
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: target.hostname, port: target.port, path, method, headers, agent }, (res) => {
      const answered = now();
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, answered, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// An ISO-8601 instant in epoch milliseconds, keeping its microseconds (Date.parse drops them).
function epochMs(iso) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!match) throw new Error(`not an instant: ${iso}`);
  return Date.parse(`${match[1]}Z`) + Number(`0.${match[2] ?? '0'}`) * 1000;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const body = JSON.stringify({ agentId, input: 'Say ok.' });

async function once() {
  const submitted = await call('POST', '/api/v1/tasks', body);
  if (submitted.status !== 202) throw new Error(`POST /api/v1/tasks answered ${submitted.status}`);
  const id = submitted.json.id;
  for (let polls = 0; ; polls++) {
    const task = (await call('GET', `/api/v1/tasks/${id}`)).json;
    if (terminal.has(task.state)) {
      if (task.state !== 'completed') throw new Error(`task ${id} ended ${task.state}: ${task.error}`);
      return epochMs(task.startedAt) - submitted.answered;
    }
    if (polls > 2000) throw new Error(`task ${id} is still ${task.state} after 10 s`);
    await sleep(5);
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const latencies = [];
for (let i = 0; i < warmup + samples; i++) {
  await sleep(20 + Math.random() * 40);
  const latency = await once();
  if (i >= warmup) latencies.push(latency);
}
console.log([percentile(latencies, 50), percentile(latencies, 99)].map((v) => v.toFixed(2)).join(' '));
