using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Fixtures;

/// <summary>An SDK MCP server whose tools come in pages of two (cursor = next index), with prompts and resources.</summary>
internal static class PagedTestServer
{
    public const int ToolCount = 5;
    public const int PromptCount = 3;
    public const int ResourceCount = 2;

    public static string ToolName(int i) => $"tool_{i}";

    public static JsonElement Schema(int i) => JsonDocument.Parse(
        """{"type":"object","required":["text"],"properties":{"text":{"type":"string","description":"what tool """ + i + """ takes"},"count":{"type":"integer"}}}""").RootElement;

    public static Task<KestrelHost> StartAsync(bool withPrompts = true, bool withResources = true) => KestrelHost.StartAsync(
        services =>
        {
            var mcp = services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "paged-test-server", Version = "1.2.3" })
                .WithHttpTransport()
                .WithListToolsHandler((request, _) =>
                {
                    var start = int.Parse(request.Params?.Cursor ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                    var end = Math.Min(start + 2, ToolCount);
                    return ValueTask.FromResult(new ListToolsResult
                    {
                        Tools = [.. Enumerable.Range(start, end - start).Select(i => new Tool
                        {
                            Name = ToolName(i),
                            Title = $"Tool {i}",
                            Description = $"Test tool {i}",
                            InputSchema = Schema(i),
                            Annotations = i == 0 ? new ToolAnnotations { ReadOnlyHint = true } : null,
                        })],
                        NextCursor = end < ToolCount ? end.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                    });
                })
                .WithCallToolHandler((_, _) => ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = "ok" }] }));
            if (withPrompts)
            {
                mcp.WithListPromptsHandler((request, _) => ValueTask.FromResult(request.Params?.Cursor is null
                    ? new ListPromptsResult { Prompts = [new Prompt { Name = "p0" }, new Prompt { Name = "p1" }], NextCursor = "more" }
                    : new ListPromptsResult { Prompts = [new Prompt { Name = "p2" }] }))
                    .WithGetPromptHandler((_, _) => ValueTask.FromResult(new GetPromptResult()));
            }

            if (withResources)
            {
                mcp.WithListResourcesHandler((_, _) => ValueTask.FromResult(new ListResourcesResult
                {
                    Resources = [new Resource { Name = "a", Uri = "test://a" }, new Resource { Name = "b", Uri = "test://b" }],
                }))
                    .WithReadResourceHandler((_, _) => ValueTask.FromResult(new ReadResourceResult()));
            }
        },
        app => app.MapMcp("/mcp"));
}
