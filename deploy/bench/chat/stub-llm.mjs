// A stub Ollama for deploy/bench/chat.sh: /api/chat streams CHUNKS NDJSON chunks GAP_MS apart (the
// first one GAP_MS after the request, like a model that needs a moment per token), then the
// done line; /api/tags and /api/ps list one model. Usage: node stub-llm.mjs PORT CHUNKS GAP_MS MODEL
import http from 'node:http';

const [port, chunks, gap, model] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]),
  process.argv[5] ?? 'tinyllama:latest'];

function chat(req, res) {
  let body = '';
  req.on('data', (part) => { body += part; });
  req.on('end', () => {
    const asked = JSON.parse(body).model ?? model;
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < chunks) {
        res.write(JSON.stringify({ model: asked, created_at: new Date().toISOString(),
          message: { role: 'assistant', content: ` token${sent}` }, done: false }) + '\n');
        sent++;
        return;
      }
      clearInterval(timer);
      res.end(JSON.stringify({ model: asked, created_at: new Date().toISOString(),
        message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, total_duration: chunks * gap * 1e6,
        load_duration: 0, prompt_eval_count: 12, prompt_eval_duration: 1e6, eval_count: chunks,
        eval_duration: chunks * gap * 1e6 }) + '\n');
    }, gap);
    res.on('close', () => clearInterval(timer));
  });
}

http.createServer((req, res) => {
  if (req.url === '/api/chat' && req.method === 'POST') return chat(req, res);
  if (req.url === '/api/tags' || req.url === '/api/ps') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ models: [{ name: model, model, size: 1, details: { family: 'stub' } }] }));
  }
  res.writeHead(404).end();
}).listen(port, '127.0.0.1');
