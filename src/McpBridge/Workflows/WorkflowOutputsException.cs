namespace DynamoMcp.McpBridge.Workflows;

/// <summary>Stored outputs that cannot be read as the run's own; the message says which ConfigMap and why.</summary>
public sealed class WorkflowOutputsException(string message) : Exception(message);
