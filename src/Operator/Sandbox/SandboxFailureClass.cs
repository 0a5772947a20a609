namespace DynamoMcp.Operator.Sandbox;

/// <summary>What a sandbox failure asks of the controller.</summary>
public enum SandboxFailureClass
{
    /// <summary>The same inputs fail the same way: Stalled, no retry until the spec (or the image) changes.</summary>
    Stalled,

    /// <summary>Outside the template and likely to pass (network, a killed pod): run the Job again with backoff.</summary>
    Transient,
}
