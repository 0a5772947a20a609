namespace DynamoMcp.Operator.Sandbox;

/// <summary>One row of <see cref="GeneratorReasons"/>: how a failure of the sandbox is reported and whether it is retried.</summary>
/// <param name="Name">The generator's <c>reason</c> (errors.py), or an operator-side name for failures with no Error payload.</param>
/// <param name="ExitCode">The generator's exit code for it; null for the operator-side rows.</param>
/// <param name="InspectReason">The CookiecutterTemplate condition reason (stage Inspect).</param>
/// <param name="RenderReason">The Scaffold condition reason (stages Fetch and Render).</param>
/// <param name="Class">Stalled or transient, whatever the stage.</param>
public sealed record GeneratorReason(string Name, int? ExitCode, string InspectReason, string RenderReason, SandboxFailureClass Class)
{
    /// <summary>The condition reason in <paramref name="stage"/>.</summary>
    public string ReasonFor(SandboxStage stage) => stage == SandboxStage.Inspect ? InspectReason : RenderReason;

    /// <summary>Whether the generator emits it (as opposed to the operator-side rows).</summary>
    public bool IsGenerators => ExitCode is not null;
}
