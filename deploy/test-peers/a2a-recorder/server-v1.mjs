// The fixed agent on @a2a-js/sdk 1.3.0: a v1.0 server (JSON-RPC) with the SDK's v0.3 layer on,
// so the same endpoint answers A2A-Version: 1.0 requests in v1.0 shapes and requests without the
// header (or with 0.3) in v0.3 shapes; the card likewise. Usage: node server-v1.mjs <port>
// Two things 1.3.0 needs that its compat sample does not show: the card must list an interface with
// protocolVersion 0.3 (else the v0.3 card is a 400, -32009), and its v1.0 card handler writes the
// in-memory card as is, so security schemes would go out as {"scheme":{"$case":...}}: the v1.0 card
// is written here with AgentCard.toJSON, the proto-JSON a v1.0 client reads.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { A2A_VERSION_HEADER, AGENT_CARD_PATH, AgentCard, Role, TaskState } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import { SKILLS, play, requireToken } from './script.mjs';

const port = Number(process.argv[2] ?? 41241);
const url = `http://127.0.0.1:${port}/a2a/jsonrpc`;
const STATES = { working: TaskState.TASK_STATE_WORKING, completed: TaskState.TASK_STATE_COMPLETED,
  failed: TaskState.TASK_STATE_FAILED, 'input-required': TaskState.TASK_STATE_INPUT_REQUIRED };

const card = {
  name: 'Fixed agent',
  description: 'Answers every question with the same recorded text.',
  supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
    { url, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '0.3' }],
  provider: { organization: 'SutazAI tests', url: 'https://example.com' },
  version: '1.0.0',
  capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
  securitySchemes: { bearer: { scheme: { $case: 'httpAuthSecurityScheme',
    value: { description: '', scheme: 'Bearer', bearerFormat: '' } } } },
  securityRequirements: [{ schemes: { bearer: { list: [] } } }],
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: SKILLS.map((skill) => ({ ...skill, inputModes: [], outputModes: [], securityRequirements: [] })),
  signatures: [],
};

const part = (text) => ({ content: { $case: 'text', value: text }, metadata: undefined, filename: '',
  mediaType: 'text/plain' });
const agentMessage = (text, taskId, contextId) => ({ messageId: randomUUID(), contextId, taskId: taskId ?? '',
  role: Role.ROLE_AGENT, parts: [part(text)], metadata: undefined, extensions: [], referenceTaskIds: [] });

class FixedExecutor {
  cancelTask = async () => {};

  async execute(context, bus) {
    const { taskId, contextId } = context;
    const text = context.userMessage.parts.find((p) => p.content?.$case === 'text')?.content.value;
    const artifactId = randomUUID();
    await play(text, {
      message: (step) => bus.publish(AgentEvent.message(agentMessage(step.text, undefined, contextId))),
      task: (step) => bus.publish(AgentEvent.task({ id: taskId, contextId, status: { state: TaskState.TASK_STATE_SUBMITTED,
          message: undefined, timestamp: new Date().toISOString() }, artifacts: [],
        history: [context.userMessage], metadata: undefined })),
      status: (step) => bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: { state: STATES[step.state],
          message: step.text ? agentMessage(step.text, taskId, contextId) : undefined,
          timestamp: new Date().toISOString() }, metadata: undefined })),
      artifact: (step) => bus.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact: { artifactId, name: 'answer',
          description: '', parts: [part(step.text)], metadata: undefined, extensions: [] },
        append: step.append, lastChunk: step.lastChunk, metadata: undefined })),
    }, bus);
  }
}

const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new FixedExecutor());
const app = express();
app.get(`/${AGENT_CARD_PATH}`, (req, res, next) => {
  if (req.header(A2A_VERSION_HEADER) !== '1.0') {
    next();
    return;
  }
  res.append('Vary', A2A_VERSION_HEADER).json(AgentCard.toJSON(card));
});
app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: requestHandler, legacyCompat: { enabled: true },
  cache: { maxAge: 0 } }));
app.use('/a2a/jsonrpc', requireToken, jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication,
  legacyCompat: { enabled: true } }));
app.listen(port, '127.0.0.1', () => console.log(`fixed agent (sdk 1.3.0) on ${url}`));
