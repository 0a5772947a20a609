using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace DynamoMcp.StdioFront.Sessions;

/// <summary>
/// A client request relayed to the child and not answered yet: the messages for its POST's answer (related notifications and
/// server→client requests, then the response, which completes it).
/// </summary>
internal sealed class PendingRequest(string idKey, JsonNode? id, string? progressTokenKey, bool acceptsStream, long sequence)
{
    private readonly Channel<JsonNode> messages = Channel.CreateUnbounded<JsonNode>(new UnboundedChannelOptions { SingleReader = true });

    public string IdKey { get; } = idKey;

    public JsonNode? Id { get; } = id;

    public string? ProgressTokenKey { get; } = progressTokenKey;

    /// <summary>Whether the client accepts text/event-stream, so other messages may ride on this POST's answer.</summary>
    public bool AcceptsStream { get; } = acceptsStream;

    /// <summary>Order of arrival: unrelated child messages go to the newest pending request that can stream.</summary>
    public long Sequence { get; } = sequence;

    public ChannelReader<JsonNode> Messages => messages.Reader;

    public bool TryRelay(JsonNode message) => messages.Writer.TryWrite(message);

    /// <summary>The final message: the response (or an error made by the front); nothing follows it.</summary>
    public void Complete(JsonNode response)
    {
        messages.Writer.TryWrite(response);
        messages.Writer.TryComplete();
    }
}
