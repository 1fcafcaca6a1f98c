// What the fixed agent does with a message, the same for both servers: a list of steps, each
// published a short gap after the last, so a stream carries them as separate events.
//   "hello..."  → one Message, no task
//   "...fail..." → a task that fails, with a status message saying why
//   "which..."  → a task that stops at input-required, asking a question
//   anything else → a task: working (a status message), the answer as three appended artifact
//                   chunks, then completed
export const GAP_MS = 60;

export function stepsFor(text) {
  const said = (text ?? '').toLowerCase();
  if (said.startsWith('hello')) {
    return [{ type: 'message', text: 'Hello! I am the fixed agent.' }];
  }
  if (said.includes('fail')) {
    return [
      { type: 'task' },
      { type: 'status', state: 'working', text: 'Looking it up' },
      { type: 'status', state: 'failed', text: 'The fixed agent failed on purpose.', final: true },
    ];
  }
  if (said.startsWith('which')) {
    return [
      { type: 'task' },
      { type: 'status', state: 'input-required', text: 'Which city do you mean?', final: true },
    ];
  }
  return [
    { type: 'task' },
    { type: 'status', state: 'working', text: 'Looking it up' },
    { type: 'artifact', text: 'Paris is', append: false, lastChunk: false },
    { type: 'artifact', text: ' the capital', append: true, lastChunk: false },
    { type: 'artifact', text: ' of France.', append: true, lastChunk: true },
    { type: 'status', state: 'completed', final: true },
  ];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Plays the steps for text through the server's own publishers (one per step type), then ends.
export async function play(text, publish, bus) {
  for (const step of stepsFor(text)) {
    const publisher = publish[step.type];
    if (!publisher) throw new Error(`unknown step ${step.type}`);
    publisher(step);
    await sleep(GAP_MS);
  }
  bus.finished();
}

export const SKILLS = [
  { id: 'geography', name: 'Geography', description: 'Answers questions about places.',
    tags: ['geography', 'facts'], examples: ['What is the capital of France?'] },
  { id: 'small_talk', name: 'Small talk', description: 'Says hello.', tags: ['chat'], examples: ['hello'] },
];

// Requests to the JSON-RPC endpoint must carry this bearer token (the card does not need it).
export const TOKEN = process.env.RECORDER_TOKEN ?? 'recorder-token';

export function requireToken(req, res, next) {
  if (req.header('authorization') !== `Bearer ${TOKEN}`) {
    res.status(401).json({ error: 'missing or wrong bearer token' });
    return;
  }
  next();
}
