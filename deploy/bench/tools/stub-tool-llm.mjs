// A stub Ollama for deploy/bench/tools.sh that answers at once. A model named "*-tools" asks for one
// call of TOOL (with {"message": "bench"}) unless the conversation already holds its result, then
// says "done"; any other model says "done" straight away. /api/tags lists the models asked for.
// Usage: node stub-tool-llm.mjs PORT TOOL
import http from 'node:http';

const [port, tool] = [Number(process.argv[2]), process.argv[3] ?? 'everything__echo'];
const line = (model, message, done) => JSON.stringify({ model, created_at: new Date().toISOString(), message, done,
  ...(done ? { done_reason: 'stop', total_duration: 1000, prompt_eval_count: 10, eval_count: 1 } : {}) }) + '\n';

http.createServer((req, res) => {
  if (req.url === '/api/tags' || req.url === '/api/ps') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ models: [{ name: 'bench-plain:latest', model: 'bench-plain:latest' },
      { name: 'bench-tools:latest', model: 'bench-tools:latest' }] }));
  }
  if (req.url !== '/api/chat') return res.writeHead(404).end();
  let body = '';
  req.on('data', (part) => { body += part; });
  req.on('end', () => {
    const asked = JSON.parse(body);
    const answered = asked.messages.some((message) => message.role === 'tool');
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    if (asked.model.endsWith('-tools') && !answered) {
      res.write(line(asked.model, { role: 'assistant', content: '',
        tool_calls: [{ function: { name: tool, arguments: { message: 'bench' } } }] }, false));
      return res.end(line(asked.model, { role: 'assistant', content: '' }, true));
    }
    res.write(line(asked.model, { role: 'assistant', content: 'done' }, false));
    res.end(line(asked.model, { role: 'assistant', content: '' }, true));
  });
}).listen(port, '127.0.0.1');
