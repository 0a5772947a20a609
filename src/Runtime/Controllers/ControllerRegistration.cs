namespace DynamoMcp.Runtime.Controllers;

/// <summary>A controller declared with <c>AddController</c>, built by the manager at start.</summary>
internal sealed record ControllerRegistration(ControllerDefinition Definition);
