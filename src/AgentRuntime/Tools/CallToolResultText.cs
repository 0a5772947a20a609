using System.Text;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>An MCP tool result as the text the model reads: its text blocks, placeholders for other blocks, else its structured content.</summary>
internal static class CallToolResultText
{
    public static string Of(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block switch
            {
                TextContentBlock t => t.Text,
                EmbeddedResourceBlock { Resource: TextResourceContents r } => r.Text,
                EmbeddedResourceBlock e => $"[resource {e.Resource.Uri}]",
                ResourceLinkBlock l => $"[resource link {l.Uri}]",
                ImageContentBlock i => $"[image {i.MimeType}]",
                AudioContentBlock a => $"[audio {a.MimeType}]",
                _ => $"[{block.Type}]",
            });
        }

        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text.Append(structured.GetRawText());
        }

        return text.ToString();
    }
}
