// Times POST requests one at a time after a warm-up and prints "p50 p99" in ms.
// Usage: node time.mjs URL BODY_JSON REQUESTS WARMUP [TOKEN] [EXPECT (a text the answer must hold)]
const [url, body, requests, warmup, token, expect] = [process.argv[2], process.argv[3], Number(process.argv[4]),
  Number(process.argv[5]), process.argv[6], process.argv[7]];
const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
const times = [];
for (let i = 0; i < warmup + requests; i++) {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 200 || (expect && !text.includes(expect))) {
    console.error(`unexpected answer ${response.status}: ${text.slice(0, 300)}`);
    process.exit(1);
  }
  if (i >= warmup) times.push(ms);
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`${at(0.5).toFixed(3)} ${at(0.99).toFixed(3)}`);
