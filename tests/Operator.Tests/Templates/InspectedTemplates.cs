using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Retries;
using DynamoMcp.Operator.Tests.Sandbox;
using DynamoMcp.Runtime.Reconcile;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Operator.Tests.Templates;

/// <summary>
/// CookiecutterTemplates in the states the controller leaves them in: the decisions' outcome summarized into
/// conditions the way <see cref="ReconcileSteps{TEntity}"/> does after every reconcile.
/// </summary>
public static class InspectedTemplates
{
    public static readonly SandboxOptions Options = new();

    public static readonly string Revision = new('a', 40);

    /// <summary>A template that was never reconciled (no status).</summary>
    public static CookiecutterTemplate New(Action<CookiecutterTemplateSpec>? change = null) => SandboxPodSpecs.Template(change);

    /// <summary>A template whose inspection at <paramref name="at"/> succeeded with <see cref="Revision"/> (through the real decision).</summary>
    public static CookiecutterTemplate Ready(DateTime at, Action<CookiecutterTemplateSpec>? change = null)
    {
        var template = New(change);
        var plan = InspectionPlanner.Plan(template, Options, at, SandboxJobs.Lookup());
        var job = SandboxJobs.In(plan.Job!, JobEnd.Complete, at.AddSeconds(-20), at);
        var read = GeneratorPayloads.InspectResult(Revision);
        var decision = FinishAndAdopt(template, plan with { Kind = InspectionPlanKind.Finished }, job, SandboxJobPhase.Succeeded, read, at);
        Summarize(template, decision.Outcome, at);
        return template;
    }

    /// <summary>
    /// What the controller does with a finished inspection: the decision, and for a success its snapshot "stored"
    /// (ConfigMaps named as the builder names them) and adopted into status.
    /// </summary>
    public static InspectionDecision FinishAndAdopt(CookiecutterTemplate template, InspectionPlan plan, k8s.Models.V1Job job, SandboxJobPhase phase, SandboxResult? read, DateTime at)
    {
        var decision = TemplateStatusDecisions.Finished(template, plan, job, phase, read, at);
        if (decision.Inspected is not { } inspected)
        {
            return decision;
        }

        var maps = TemplateSnapshotConfigMapBuilder.Build(template, inspected.Revision, inspected.Snapshot.Archive, inspected.Snapshot.Sha256);
        var snapshot = new TemplateSnapshot
        {
            Revision = inspected.Revision,
            Ref = inspected.Ref,
            Sha256 = inspected.Snapshot.Sha256,
            Size = inspected.Snapshot.Archive.Length,
            Files = inspected.Snapshot.Files,
            ConfigMaps = maps.Select(m => m.Metadata.Name).ToList(),
            InspectedAt = at,
        };
        return decision with { Outcome = TemplateStatusDecisions.Adopt(template, plan, inspected, snapshot, Options.SnapshotHistory, at) };
    }

    /// <summary>Writes the conditions <paramref name="outcome"/> stands for, at <paramref name="at"/>.</summary>
    public static void Summarize(CookiecutterTemplate template, StepOutcome outcome, DateTime at) =>
        ReconcileSteps<CookiecutterTemplate>.Summarize(template.Status, template.Metadata.Generation, outcome, new FakeTimeProvider(new DateTimeOffset(at, TimeSpan.Zero)));
}
