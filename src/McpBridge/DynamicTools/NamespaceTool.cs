using System.Text.Json;
using DynamoMcp.McpBridge.Auth;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// A tool made from one resource of one namespace (a Ready template's <c>scaffold_*</c>, a valid workflow's
/// <c>workflow_*</c>), offered only in that namespace's collection. The base checks the caller belongs there and turns
/// the result into structured content (and its JSON as text), a user error into an error result.
/// </summary>
public abstract class NamespaceTool<TResult> : McpServerTool
{
    protected NamespaceTool(string @namespace, Tool protocolTool)
    {
        Namespace = @namespace;
        ProtocolTool = protocolTool;
        Fingerprint = protocolTool.Description + "\n" + protocolTool.InputSchema.GetRawText();
    }

    public string Namespace { get; }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    /// <summary>What a client sees of the tool; a new fingerprint means the tool must be replaced.</summary>
    public string Fingerprint { get; }

    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        var caller = services.GetRequiredService<CallerResolver>().Resolve(request.User);
        if (caller.Namespace != Namespace)
        {
            throw new McpException($"Tool '{ProtocolTool.Name}' belongs to namespace '{Namespace}', not yours ('{caller.Namespace}'). Call tools/list again.");
        }

        try
        {
            var result = await RunAsync(services, caller, request, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions);
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = json!.ToJsonString() }],
                StructuredContent = JsonSerializer.SerializeToElement(json, McpJsonUtilities.DefaultOptions),
            };
        }
        catch (McpException e)
        {
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = e.Message }] };
        }
    }

    /// <summary>
    /// The protocol tool of a resource's tool: <paramref name="inputSchema"/> as an object schema, and the hints every such
    /// tool shares (it creates a resource: not read-only, not idempotent, destroys nothing, stays in the cluster).
    /// </summary>
    protected static Tool Describe(string name, string title, string description, System.Text.Json.Nodes.JsonObject? inputSchema)
    {
        var schema = inputSchema?.DeepClone().AsObject() ?? [];
        schema["type"] = "object";
        return new Tool
        {
            Name = name,
            Title = title,
            Description = description,
            InputSchema = JsonSerializer.SerializeToElement(schema),
            Annotations = new ToolAnnotations
            {
                ReadOnlyHint = false,
                DestructiveHint = false,
                IdempotentHint = false,
                OpenWorldHint = false,
            },
        };
    }

    /// <summary>The call itself, for a caller of <see cref="Namespace"/>; an <see cref="McpException"/> becomes an error result.</summary>
    protected abstract Task<TResult> RunAsync(
        IServiceProvider services, BridgeIdentity caller, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);
}
