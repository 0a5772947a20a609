using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.StdioFront.JsonRpc;

/// <summary>Reading and building the few JSON-RPC shapes the front handles (JsonNode only: no reflection, AOT-safe).</summary>
internal static class JsonRpcMessage
{
    /// <summary>JSON-RPC "internal error"; the front uses it for a child that is gone or never answered.</summary>
    public const int InternalError = -32603;

    public const int InvalidRequest = -32600;

    public const int MethodNotFound = -32601;

    public const int ParseError = -32700;

    public static JsonRpcMessageKind Classify(JsonNode? node)
    {
        if (node is not JsonObject message)
        {
            return JsonRpcMessageKind.Invalid;
        }

        var hasId = message["id"] is JsonValue;
        if (message["method"] is JsonValue method && method.GetValueKind() == JsonValueKind.String)
        {
            return hasId ? JsonRpcMessageKind.Request : JsonRpcMessageKind.Notification;
        }

        return hasId && (message.ContainsKey("result") || message.ContainsKey("error")) ? JsonRpcMessageKind.Response : JsonRpcMessageKind.Invalid;
    }

    public static string? Method(JsonNode message) => message["method"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A key for the message's id that tells 1 from "1" (both are legal, and different, ids).</summary>
    public static string? IdKey(JsonNode message) => message["id"] is JsonValue id ? id.ToJsonString() : null;

    /// <summary>The request's <c>params._meta.progressToken</c> as a key, or null.</summary>
    public static string? ProgressTokenKey(JsonNode request) => request["params"]?["_meta"]?["progressToken"] is JsonValue token ? token.ToJsonString() : null;

    /// <summary>The <c>params.progressToken</c> of a <c>notifications/progress</c>, as a key.</summary>
    public static string? ProgressNotificationTokenKey(JsonNode notification) =>
        Method(notification) == "notifications/progress" && notification["params"]?["progressToken"] is JsonValue token ? token.ToJsonString() : null;

    public static bool IsErrorResponse(JsonNode response) => response["error"] is not null;

    /// <summary>An error response to the request with <paramref name="id"/> (null id when the request could not be read).</summary>
    public static JsonObject Error(JsonNode? id, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
