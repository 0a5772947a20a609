namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>Which controller host a reconcile ran in (tests run two hosts against one cluster).</summary>
internal sealed record HostName(string Value);
