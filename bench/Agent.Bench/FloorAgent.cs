using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OpenAI;

namespace DynamoMcp.Agent.Bench;

/// <summary>
/// The floor: what one agent turn cannot do without. The same OpenAI <c>ChatClient</c> as the runtime's
/// (<c>ChatClientFactory</c>: no retries, no network timeout) as an <see cref="IChatClient"/>, with the same tools
/// declared and the same growing message history, and one <see cref="McpClient.CallToolAsync"/> per tool call on an
/// SDK client connected once to the same MCP server. No budgets, no events, no setup per run.
/// </summary>
internal sealed class FloorAgent : IAsyncDisposable
{
    private readonly IChatClient chat;
    private readonly McpClient mcp;
    private readonly IReadOnlyList<AITool> tools;
    private readonly string model;

    private FloorAgent(IChatClient chat, McpClient mcp, IReadOnlyList<AITool> tools, string model)
    {
        this.chat = chat;
        this.mcp = mcp;
        this.tools = tools;
        this.model = model;
    }

    public static async Task<FloorAgent> ConnectAsync(Uri modelBaseUrl, string model, Uri mcpUrl)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = modelBaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        var chat = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential("unused"), options).AsIChatClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = mcpUrl,
            Name = "bridge",
            TransportMode = HttpTransportMode.StreamableHttp,
            EnableStandaloneGetStream = false,
        });
        var mcp = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "floor", Version = "1.0.0" } });
        var tools = await mcp.ListToolsAsync();
        return new FloorAgent(chat, mcp, [.. tools], model);
    }

    /// <summary>
    /// Model calls until one answers without tool calls, each tool call made and its result given back; returns the
    /// <see cref="Stopwatch"/> timestamp at the end of each turn with tool calls (where the runtime emits its turn event).
    /// </summary>
    public async Task<List<long>> RunAsync(string systemPrompt, string goal)
    {
        var turnEnds = new List<long>();
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt), new(ChatRole.User, goal) };
        var options = new ChatOptions { ModelId = model, Tools = [.. tools] };
        while (true)
        {
            var response = await chat.GetResponseAsync(messages, options);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                return string.IsNullOrWhiteSpace(response.Text) ? throw new InvalidOperationException("the floor's model answered nothing") : turnEnds;
            }

            messages.AddRange(response.Messages);
            var results = new List<AIContent>(calls.Count);
            foreach (var call in calls)
            {
                var arguments = call.Arguments is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(call.Arguments);
                var result = await mcp.CallToolAsync(call.Name, arguments);
                var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
                results.Add(new FunctionResultContent(call.CallId, result.IsError == true ? "error: " + text : text));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
            turnEnds.Add(Stopwatch.GetTimestamp());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await mcp.DisposeAsync();
        chat.Dispose();
    }
}
