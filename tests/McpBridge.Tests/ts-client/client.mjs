// Drives the bridge with the TypeScript MCP SDK, one command at a time, so the C# test can act as the operator
// between steps. Usage: node client.mjs <mcp-url> <api-key>
// stdin: one JSON command per line, {"id": n, "op": ..., ...}. stdout: one JSON event per line:
//   {"type":"ready"} once connected; {"type":"result","id":n,...} when a command finishes (or "error" with a message);
//   {"type":"progress","id":n,"value":{...}} for progress of a tool call; {"type":"listChanged","count":n} on each
//   notifications/tools/list_changed.
// Commands: listTools; callTool {name, arguments, progress}; cancel {target}: aborts the running callTool of that id
//   (the SDK sends notifications/cancelled); readResource {uri};
//   waitForTool {name, present}: re-lists only after a list_changed, so success proves the notification came; close.
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, apiKey] = process.argv.slice(2);
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const running = new Map();
let listChanged = 0;
let consumed = 0;
let wake = () => {};
const client = new Client({ name: "dynamo-mcp-ts-check", version: "1.0.0" });
client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
  listChanged++;
  emit({ type: "listChanged", count: listChanged });
  wake();
});
await client.connect(
  new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }),
);

const toolNames = async () => (await client.listTools()).tools.map((t) => t.name);

async function waitForTool(name, present) {
  for (;;) {
    while (consumed === listChanged) {
      await new Promise((resolve) => (wake = resolve));
    }
    consumed = listChanged;
    const names = await toolNames();
    if (names.includes(name) === present) {
      return { tools: names, listChanged };
    }
  }
}

async function run(command) {
  switch (command.op) {
    case "listTools":
      return { tools: await toolNames() };
    case "callTool": {
      const controller = new AbortController();
      running.set(command.id, controller);
      const options = { timeout: 120000, signal: controller.signal };
      if (command.progress) {
        options.onprogress = (value) => emit({ type: "progress", id: command.id, value });
        options.resetTimeoutOnProgress = true;
      }
      try {
        const result = await client.callTool({ name: command.name, arguments: command.arguments ?? {} }, CallToolResultSchema, options);
        return { result };
      } finally {
        running.delete(command.id);
      }
    }
    case "cancel": {
      const controller = running.get(command.target);
      controller?.abort(new Error("cancelled by the test"));
      return { cancelled: controller !== undefined };
    }
    case "readResource":
      return { contents: (await client.readResource({ uri: command.uri })).contents };
    case "waitForTool":
      return await waitForTool(command.name, command.present);
    case "close":
      await client.close();
      return {};
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

emit({ type: "ready" });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  // Commands run concurrently: a long tool call must not block the next command.
  run(command).then(
    (reply) => {
      emit({ type: "result", id: command.id, ...reply });
      if (command.op === "close") process.exit(0);
    },
    (error) => emit({ type: "error", id: command.id, message: String(error?.message ?? error) }),
  );
}
