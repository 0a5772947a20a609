using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>A request failure that is answered with a Kubernetes <c>Status</c> body.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => StatusBodies.Failure(Code, Reason, Message, Details);
}
