// An MCP server over stdio that completes the handshake and lists one tool, "wait", but never
// answers a call to it: the bridge's timeout, cancellation and breaker are tested against it.
// It also prints a banner that is not JSON-RPC, which the bridge must skip. With ANNOUNCE_LATE_TOOL=1
// it adds a tool "late" shortly after the handshake and says so with notifications/tools/list_changed.
// With ENDLESS_CURSOR=1 every tools/list page points to a next page with the same cursor.
import { createInterface } from "node:readline";

process.stdout.write("silent test server starting (this line is not JSON-RPC)\n");

const tools = [{ name: "wait", description: "Never answers.", inputSchema: { type: "object", properties: {} } }];
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");

createInterface({ input: process.stdin }).on("line", (line) => {
  const message = JSON.parse(line);
  switch (message.method) {
    case "initialize":
      send({ id: message.id, result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: "silent", version: "1.0.0" } } });
      break;
    case "tools/list":
      send({ id: message.id, result: process.env.ENDLESS_CURSOR === "1"
        ? { tools, nextCursor: "the-same-cursor-every-time" } : { tools } });
      break;
    case "notifications/initialized":
      if (process.env.ANNOUNCE_LATE_TOOL === "1") {
        setTimeout(() => {
          tools.push({ name: "late", description: "Added after start.", inputSchema: { type: "object" } });
          send({ method: "notifications/tools/list_changed" });
        }, 300);
      }
      break;
    case "ping":
      send({ id: message.id, result: {} });
      break;
    case "tools/call":
      process.stderr.write(`received tools/call ${message.id}\n`);
      break;
    case "notifications/cancelled":
      process.stderr.write(`received notifications/cancelled for ${message.params.requestId}: ${message.params.reason}\n`);
      break;
    default:
      break;
  }
});
