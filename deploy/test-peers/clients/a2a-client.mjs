// Drives an A2A server with the official @a2a-js/sdk 1.3.0 client, as another agent would, and
// prints what it got as JSON lines: the card, a result, or each streamed event, so a Java test can
// assert on them. For agent-service's A2A server tests.
//
// Usage: node a2a-client.mjs --base <url> [--token <bearer>] [--protocol auto|1.0|0.3]
//          [--context <contextId>] [--task <taskId>] [--skill <id>] <command>
//   card                        the card the client resolved (and the version it picked)
//   send <text>                 message/send | SendMessage; prints the Task or Message
//   stream <text> [--cancel-after <n>]
//                               message/stream | SendStreamingMessage; one line per event; with
//                               --cancel-after, cancels the task after n events and reads on
//   get <taskId>                tasks/get | GetTask
//   cancel <taskId>             tasks/cancel | CancelTask
//   subscribe <taskId>          tasks/resubscribe | SubscribeToTask; one line per event
// --token is sent as "Authorization: Bearer <token>" on every request, the card's too. --skill
// goes in the message's and the request's metadata as {"skill": id}. --context/--task continue a
// conversation or a task (an input-required one, say).
//
// Lines: {"type":"card","protocolVersion","url","card"}, {"type":"result","kind":"task"|"message",
// "taskId","state","text","value"}, {"type":"event","kind":"task"|"message"|"statusUpdate"|
// "artifactUpdate","taskId","state","text","value"}, {"type":"cancel",...result}, {"type":"end",
// "events"}, and on failure {"type":"error","name","code","message"} with exit code 1 (code: the
// JSON-RPC error code, e.g. -32001 task not found, null for HTTP and other failures). "value" is
// the SDK's object written as v1.0 JSON (states TASK_STATE_*, roles ROLE_*, parts {text}) whichever
// protocol was spoken: the v0.3 layer translates both ways; "text" joins the text parts (artifact
// parts for a task, else its status message).
//
// How the SDK picks v1.0 or v0.3 (read from its source): the card resolver GETs
// /.well-known/agent-card.json with "A2A-Version: 1.0"; with legacyCompat on, a card without a
// non-empty supportedInterfaces[] that has a top-level url (or preferredTransport,
// additionalInterfaces, supportsAuthenticatedExtendedCard, or a protocolVersion in [0.3, 1.0)) is
// translated into a v1.0 card whose interfaces carry protocolVersion 0.3. ClientFactory then keeps
// one interface per binding, preferring protocolVersion "1.0", and JsonRpcTransportFactory (with
// legacyCompat on) builds the LegacyJsonRpcTransport (v0.3 method names and shapes, header
// "A2A-Version: 0.3") when that interface's version is in [0.3, 1.0) or empty, else the v1.0
// JsonRpcTransport (header "A2A-Version: 1.0"). Servers with the SDK's v0.3 layer route by that
// header (absent = 0.3). So --protocol auto speaks 1.0 to any card listing a 1.0 interface;
// --protocol 0.3 keeps only the card's v0.3 interfaces (or, when it lists none, the v1.0 JSON-RPC
// URL re-labelled 0.3, as the SDK's own server serves both there), forcing the v0.3 layer;
// --protocol 1.0 turns the layer off.
import { randomUUID } from 'node:crypto';
import { Message, Role, StreamResponse, Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory }
  from '@a2a-js/sdk/client';

function parseArgs(argv) {
  const options = { protocol: 'auto' };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      options[arg.slice(2)] = argv[++i];
    } else {
      positional.push(arg);
    }
  }
  return { options, command: positional[0], argument: positional[1] };
}

const { options, command, argument } = parseArgs(process.argv.slice(2));
if (!options.base || !command || !['auto', '1.0', '0.3'].includes(options.protocol)) {
  console.error('usage: node a2a-client.mjs --base <url> [--token <bearer>] [--protocol auto|1.0|0.3] '
    + 'card | send <text> | stream <text> [--cancel-after <n>] | get <id> | cancel <id> | subscribe <id>');
  process.exit(2);
}

const print = (line) => console.log(JSON.stringify(line));

// The same semantics as the SDK's own check: empty is v0.3, and so is anything in [0.3, 1.0).
function isLegacy(version) {
  if (!version || version.trim() === '') return true;
  const [major, minor = 0] = version.trim().split('.').map((part) => Number.parseInt(part, 10));
  return Number.isFinite(major) && (major === 0 && minor >= 3);
}

// A2A_CLIENT_TRACE=1 writes each request (method, URL, A2A-Version, body) to stderr.
const authorisedFetch = (url, init = {}) => {
  const headers = new Headers(init.headers ?? {});
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  if (process.env.A2A_CLIENT_TRACE) {
    console.error(JSON.stringify({ request: init.method ?? 'GET', url: String(url),
      version: headers.get('A2A-Version'), body: init.body ? JSON.parse(init.body) : null }));
  }
  return fetch(url, { ...init, headers });
};
const compat = options.protocol === '1.0' ? {} : { legacyCompat: { enabled: true } };
const resolver = new DefaultAgentCardResolver({ fetchImpl: authorisedFetch, ...compat });
const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
  transports: [new JsonRpcTransportFactory({ fetchImpl: authorisedFetch, ...compat })],
  preferredTransports: ['JSONRPC'],
  cardResolver: resolver,
}));

async function connect() {
  const card = await resolver.resolve(options.base);
  if (options.protocol === '0.3') {
    const jsonRpc = (card.supportedInterfaces ?? []).filter((i) => i.protocolBinding?.toUpperCase() === 'JSONRPC');
    const legacy = jsonRpc.filter((i) => isLegacy(i.protocolVersion));
    card.supportedInterfaces = legacy.length > 0 ? legacy
      : jsonRpc.slice(0, 1).map((i) => ({ ...i, protocolVersion: '0.3' }));
  }
  const client = await factory.createFromAgentCard(card);
  return { card, client };
}

function textOf(parts) {
  return (parts ?? []).filter((part) => part.content?.$case === 'text').map((part) => part.content.value).join('');
}

function describeTask(task) {
  const artifacts = (task.artifacts ?? []).map((artifact) => textOf(artifact.parts)).join('');
  return { taskId: task.id, state: Task.toJSON(task).status?.state ?? null,
    text: artifacts || textOf(task.status?.message?.parts) };
}

function describeEvent(event) {
  const { $case: kind, value } = event.payload;
  const json = StreamResponse.toJSON(event)[kind];
  switch (kind) {
    case 'task':
      return { kind, ...describeTask(value), value: json };
    case 'message':
      return { kind, taskId: value.taskId || null, state: null, text: textOf(value.parts), value: json };
    case 'statusUpdate':
      return { kind, taskId: value.taskId, state: json.status?.state ?? null,
        text: textOf(value.status?.message?.parts), value: json };
    case 'artifactUpdate':
      return { kind, taskId: value.taskId, state: null, text: textOf(value.artifact?.parts), value: json };
    default:
      return { kind, value: json };
  }
}

function describeResult(result) {
  if ('messageId' in result) {
    return { kind: 'message', taskId: result.taskId || null, state: null, text: textOf(result.parts),
      value: Message.toJSON(result) };
  }
  return { kind: 'task', ...describeTask(result), value: Task.toJSON(result) };
}

function request(text) {
  const metadata = options.skill ? { skill: options.skill } : undefined;
  return {
    tenant: '',
    message: {
      messageId: randomUUID(), contextId: options.context ?? '', taskId: options.task ?? '', role: Role.ROLE_USER,
      parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
      metadata, extensions: [], referenceTaskIds: [],
    },
    configuration: undefined,
    metadata,
  };
}

async function events(stream, client) {
  const cancelAfter = options['cancel-after'] === undefined ? Infinity : Number(options['cancel-after']);
  let count = 0;
  let taskId = null;
  for await (const event of stream) {
    count++;
    const line = describeEvent(event);
    taskId = taskId ?? line.taskId;
    print({ type: 'event', ...line });
    if (count === cancelAfter && taskId) {
      print({ type: 'cancel', ...describeResult(await client.cancelTask({ tenant: '', id: taskId, metadata: undefined })) });
    }
  }
  print({ type: 'end', events: count });
}

async function run() {
  const { card, client } = await connect();
  switch (command) {
    case 'card':
      print({ type: 'card', protocolVersion: client.protocolVersion,
        url: card.supportedInterfaces?.find((i) => i.protocolBinding?.toUpperCase() === 'JSONRPC')?.url ?? null, card });
      return;
    case 'send':
      print({ type: 'result', ...describeResult(await client.sendMessage(request(argument))) });
      return;
    case 'stream':
      await events(client.sendMessageStream(request(argument)), client);
      return;
    case 'get':
      print({ type: 'result', ...describeResult(await client.getTask({ tenant: '', id: argument })) });
      return;
    case 'cancel':
      print({ type: 'result', ...describeResult(await client.cancelTask({ tenant: '', id: argument, metadata: undefined })) });
      return;
    case 'subscribe':
      await events(client.resubscribeTask({ tenant: '', id: argument }), client);
      return;
    default:
      throw new Error(`unknown command ${command}`);
  }
}

try {
  await run();
} catch (error) {
  // The SDK's JSON-RPC errors carry the code as envelopeCode (on the error, or its cause in streams).
  const code = error.envelopeCode ?? error.cause?.envelopeCode ?? error.cause?.error?.code ?? null;
  print({ type: 'error', name: error.constructor?.name ?? 'Error', code, message: error.message });
  process.exit(1);
}
