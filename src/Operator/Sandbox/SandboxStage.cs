namespace DynamoMcp.Operator.Sandbox;

/// <summary>The sandbox container a result comes from; it decides which kind's condition reasons apply.</summary>
public enum SandboxStage
{
    /// <summary>The inspect Job of a CookiecutterTemplate.</summary>
    Inspect,

    /// <summary>The fetch init container of a Scaffold's render Job (the only step that may reach the network).</summary>
    Fetch,

    /// <summary>The render container of a Scaffold's render Job.</summary>
    Render,
}
