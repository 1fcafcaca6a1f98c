// The fixed agent on @a2a-js/sdk 0.3.14 (installed here as a2a-sdk-v03): a v0.3-era server, whose
// card has only the v0.3 fields (url, protocolVersion, preferredTransport). Usage: node server-v03.mjs <port>
import { randomUUID } from 'node:crypto';
import express from 'express';
import { AGENT_CARD_PATH } from 'a2a-sdk-v03';
import { DefaultRequestHandler, InMemoryTaskStore } from 'a2a-sdk-v03/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from 'a2a-sdk-v03/server/express';
import { SKILLS, play, requireToken } from './script.mjs';

const port = Number(process.argv[2] ?? 41242);
const url = `http://127.0.0.1:${port}/a2a/jsonrpc`;

const card = {
  name: 'Fixed agent',
  description: 'Answers every question with the same recorded text.',
  protocolVersion: '0.3.0',
  version: '1.0.0',
  url,
  preferredTransport: 'JSONRPC',
  additionalInterfaces: [{ url, transport: 'JSONRPC' }],
  provider: { organization: 'SutazAI tests', url: 'https://example.com' },
  capabilities: { streaming: true, pushNotifications: false },
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  security: [{ bearer: [] }],
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: SKILLS,
};

const agentMessage = (text, taskId, contextId) => ({ kind: 'message', messageId: randomUUID(), role: 'agent',
  parts: [{ kind: 'text', text }], contextId, ...(taskId ? { taskId } : {}) });

class FixedExecutor {
  cancelTask = async () => {};

  async execute(context, bus) {
    const { taskId, contextId } = context;
    const text = context.userMessage.parts.find((p) => p.kind === 'text')?.text;
    const artifactId = randomUUID();
    await play(text, {
      message: (step) => bus.publish(agentMessage(step.text, undefined, contextId)),
      task: (step) => bus.publish({ kind: 'task', id: taskId, contextId, status: { state: 'submitted',
          timestamp: new Date().toISOString() }, history: [context.userMessage], artifacts: [] }),
      status: (step) => bus.publish({ kind: 'status-update', taskId, contextId, status: { state: step.state,
          ...(step.text ? { message: agentMessage(step.text, taskId, contextId) } : {}),
          timestamp: new Date().toISOString() }, final: Boolean(step.final) }),
      artifact: (step) => bus.publish({ kind: 'artifact-update', taskId, contextId, artifact: { artifactId, name: 'answer',
          parts: [{ kind: 'text', text: step.text }] }, append: step.append, lastChunk: step.lastChunk }),
    }, bus);
  }
}

const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new FixedExecutor());
const app = express();
app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: requestHandler }));
app.use('/a2a/jsonrpc', requireToken, jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication }));
app.listen(port, '127.0.0.1', () => console.log(`fixed agent (sdk 0.3.14) on ${url}`));
