namespace DynamoMcp.Operator.Sandbox;

/// <summary>The sandbox container a result comes from; it decides which kind's condition reasons apply.</summary>
public enum SandboxStage
{
    /// <summary>The inspect Job of a CookiecutterTemplate.</summary>
    Inspect,

    /// <summary>The fetch init container of a workflow container step's project (historically also of render Jobs).</summary>
    Fetch,

    /// <summary>The render container of a Scaffold's render Job.</summary>
    Render,

    /// <summary>The deliver container of a render Job with a git or S3 output (the only step with network egress, to that host alone).</summary>
    Deliver,
}
