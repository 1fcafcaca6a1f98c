// Drives the platform's OpenAI-compatible API with the official openai client, as an application
// would, and prints what it got as one JSON line. Used by agent-service's OpenAiCompatibilityTest.
// Environment: BASE_URL (…/api/v1/openai), API_KEY (a bearer token), MODEL (an agent id).
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.API_KEY, maxRetries: 0 });
const model = process.env.MODEL;
const messages = [
  { role: 'system', content: 'Answer in one sentence.' },
  { role: 'user', content: 'What is the capital of France?' },
];

async function run(mode) {
  switch (mode) {
    case 'complete': {
      const completion = await client.chat.completions.create({ model, messages, temperature: 0.2, max_tokens: 50 });
      return { id: completion.id, object: completion.object, model: completion.model,
        text: completion.choices[0].message.content, role: completion.choices[0].message.role,
        finishReason: completion.choices[0].finish_reason, usage: completion.usage };
    }
    case 'stream': {
      const stream = await client.chat.completions.create({ model, messages, stream: true,
        stream_options: { include_usage: true } });
      let text = '';
      let chunks = 0;
      let usage = null;
      let finishReason = null;
      const ids = new Set();
      for await (const chunk of stream) {
        chunks++;
        ids.add(chunk.id);
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (choice?.delta?.content) text += choice.delta.content;
        if (choice?.finish_reason) finishReason = choice.finish_reason;
      }
      return { text, chunks, usage, finishReason, ids: ids.size };
    }
    case 'tools': {
      // The application's own tool: the model asks for it, the application runs it and sends the result back.
      const tools = [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
      const ask = [{ role: 'user', content: 'What is the weather in Paris?' }];
      const first = await client.chat.completions.create({ model, messages: ask, tools });
      const message = first.choices[0].message;
      const calls = message.tool_calls ?? [];
      const results = calls.map((call) => ({ role: 'tool', tool_call_id: call.id,
        content: JSON.stringify({ city: JSON.parse(call.function.arguments).city, sky: 'sunny' }) }));
      const second = await client.chat.completions.create({ model, tools,
        messages: [...ask, message, ...results] });
      return { finishReason: first.choices[0].finish_reason, content: message.content,
        calls: calls.map((call) => ({ id: call.id, type: call.type, name: call.function.name,
          arguments: JSON.parse(call.function.arguments) })),
        final: second.choices[0].message.content, finalReason: second.choices[0].finish_reason };
    }
    case 'tools-stream': {
      const tools = [{ type: 'function', function: { name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
      const stream = client.chat.completions.stream({ model, tools,
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }] });
      const completion = await stream.finalChatCompletion();
      const message = completion.choices[0].message;
      return { finishReason: completion.choices[0].finish_reason,
        calls: (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name,
          arguments: JSON.parse(call.function.arguments) })) };
    }
    case 'models': {
      const ids = [];
      for await (const model of client.models.list()) ids.push(model.id);
      const one = await client.models.retrieve(process.env.MODEL);
      return { ids, retrieved: one.id, ownedBy: one.owned_by };
    }
    case 'unknown-model': {
      try {
        await client.chat.completions.create({ model: 'no-such-agent', messages });
        return { error: null };
      } catch (error) {
        return { errorClass: error.constructor.name, status: error.status, type: error.type, code: error.code,
          message: error.message };
      }
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

console.log(JSON.stringify(await run(process.argv[2])));
