namespace DynamoMcp.StdioFront.JsonRpc;

/// <summary>What a JSON-RPC message is, which decides where the front sends it.</summary>
internal enum JsonRpcMessageKind
{
    Invalid,
    Request,
    Notification,
    Response,
}
