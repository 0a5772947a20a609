using DynamoMcp.Api.Conditions;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>Every row of the reason table, written out here rather than read back from it.</summary>
public sealed class GeneratorReasonsTests
{
    private const SandboxFailureClass Stalled = SandboxFailureClass.Stalled;
    private const SandboxFailureClass Transient = SandboxFailureClass.Transient;

    public static TheoryData<string, int?, string, string, SandboxFailureClass> Rows() => new()
    {
        { "Internal", 1, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "InvalidArguments", 2, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "SourceUnreachable", 10, ConditionReasons.SourceUnreachable, ConditionReasons.SourceUnreachable, Transient },
        { "RevisionNotFound", 11, ConditionReasons.RevisionNotFound, ConditionReasons.RevisionNotFound, Stalled },
        { "InvalidTemplate", 12, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled },
        { "InvalidVariables", 13, ConditionReasons.InspectFailed, ConditionReasons.InvalidVariables, Stalled },
        { "HookFailed", 14, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "OutputTooLarge", 15, ConditionReasons.InspectFailed, ConditionReasons.OutputTooLarge, Stalled },
        { "UnsafeOutput", 16, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled },
        { "ArchiveDigestMismatch", 17, ConditionReasons.ChecksumMismatch, ConditionReasons.ChecksumMismatch, Stalled },
        { "UnsafeArchive", 18, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled },
        { "ArchiveTooLarge", 19, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled },
        { "TemplateAborted", 20, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "SnapshotTooLarge", 21, ConditionReasons.SnapshotTooLarge, ConditionReasons.RenderFailed, Stalled },
        { "NotUpdatable", 22, ConditionReasons.InspectFailed, ConditionReasons.NotUpdatable, Stalled },
        { "OutputAuthFailed", 30, ConditionReasons.InspectFailed, ConditionReasons.OutputAuthFailed, Stalled },
        { "OutputUnreachable", 31, ConditionReasons.InspectFailed, ConditionReasons.OutputUnreachable, Transient },
        { "OutputRejected", 32, ConditionReasons.InspectFailed, ConditionReasons.OutputRejected, Stalled },
        { "OutputNotFound", 33, ConditionReasons.InspectFailed, ConditionReasons.OutputNotFound, Stalled },
        { "JobTimedOut", null, ConditionReasons.InspectTimeout, ConditionReasons.RenderTimeout, Stalled },
        { "NoResult", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Transient },
        { "OutOfMemory", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "StorageExceeded", null, ConditionReasons.InspectFailed, ConditionReasons.OutputTooLarge, Stalled },
        { "CorruptResult", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "UnknownProtocol", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "UntrustedResult", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "InvalidResult", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
        { "UnknownReason", null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_reason_becomes_its_condition_reason_and_class_in_every_stage(
        string reason, int? exitCode, string inspect, string render, SandboxFailureClass @class)
    {
        GeneratorReasons.Find(reason).ExitCode.Should().Be(exitCode);
        GeneratorReasons.Classify(SandboxStage.Inspect, reason, "m").Should().Be(new SandboxFailure(inspect, "m", @class, reason));
        GeneratorReasons.Classify(SandboxStage.Fetch, reason, "m").Should().Be(new SandboxFailure(render, "m", @class, reason));
        GeneratorReasons.Classify(SandboxStage.Render, reason, "m").Should().Be(new SandboxFailure(render, "m", @class, reason));
    }

    [Fact]
    public void The_table_has_exactly_the_rows_tested_here()
    {
        GeneratorReasons.All.Select(r => r.Name).Should().BeEquivalentTo(Rows().Select(r => (string)r.Data.Item1));
    }

    [Fact]
    public void Every_condition_reason_of_the_table_is_a_known_constant()
    {
        var known = typeof(ConditionReasons).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

        GeneratorReasons.All.SelectMany(r => new[] { r.InspectReason, r.RenderReason }).Should().OnlyContain(reason => known.Contains(reason));
    }

    [Fact]
    public void A_reason_of_a_newer_image_is_stalled_with_the_stages_generic_reason_and_keeps_its_name()
    {
        GeneratorReasons.Classify(SandboxStage.Render, "QuotaExceeded", "m")
            .Should().Be(new SandboxFailure(ConditionReasons.RenderFailed, "m", Stalled, "QuotaExceeded"));
        GeneratorReasons.Find(null).Name.Should().Be(GeneratorReasons.UnknownReason);
        GeneratorReasons.ForExitCode(137).Should().BeNull("a kill is no generator exit code");
    }
}
