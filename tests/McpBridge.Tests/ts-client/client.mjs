// Drives the bridge with the TypeScript MCP SDK: lists tools, calls a tool, prints one JSON line for the C# test.
// Usage: node client.mjs <mcp-url> <api-key> <tool> [json-arguments]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, apiKey, tool, args] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
});
const client = new Client({ name: "dynamo-mcp-ts-check", version: "1.0.0" });
await client.connect(transport);
const tools = await client.listTools();
const result = await client.callTool({ name: tool, arguments: args ? JSON.parse(args) : {} });
console.log(JSON.stringify({ tools: tools.tools.map((t) => t.name), result }));
await client.close();
