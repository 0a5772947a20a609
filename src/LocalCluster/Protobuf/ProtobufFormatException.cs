namespace DynamoMcp.LocalCluster.Protobuf;

/// <summary>The bytes are not well-formed protobuf (truncated, an impossible tag or length); the request layer turns it into a 400.</summary>
internal sealed class ProtobufFormatException(string message) : Exception(message);
