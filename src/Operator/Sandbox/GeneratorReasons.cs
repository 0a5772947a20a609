using DynamoMcp.Api.Conditions;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// THE table of sandbox failures: every reason the generator emits (images/generator/dynamo_generator/errors.py, with
/// its exit code) and the operator-side ones (no Error payload), each with the condition reason it becomes for a
/// CookiecutterTemplate (inspect) and a Scaffold (fetch, render), and whether it is stalled or transient. Controllers
/// classify through <see cref="Classify"/> and <see cref="SandboxFailures"/> and keep no switch of their own;
/// GeneratorContractTests check the generator's rows against the Python.
/// </summary>
/// <remarks>
/// Transient means the cause is outside the template and the spec, and running the Job again is likely to pass:
/// <list type="bullet">
/// <item><c>OutputUnreachable</c>: the git or S3 output's host did not answer (the same reasoning).</item>
/// <item><c>SourceUnreachable</c>: a DNS blip, a 5xx, a host that is down, a repository or archive that does not exist
/// yet. (Wrong credentials look the same to git and are retried too; the message names the Secret.)</item>
/// <item><see cref="NoResult"/>: the container printed no complete frame: killed, evicted, its node lost, or its
/// pod deleted before the log was read. An out-of-memory kill is told apart (<see cref="OutOfMemory"/>, stalled).</item>
/// </list>
/// Everything else is stalled: the same template, variables and image give the same answer. That includes
/// <c>TemplateAborted</c> and <see cref="UntrustedResult"/> (a template whose code kills its stage, runs out of memory or
/// forges frames does so again), <c>Internal</c> (a bug or a broken image: retrying the same image fails the same way,
/// and a fixed image changes the Job spec, hence a new Job) and <c>RevisionNotFound</c> (a branch or tag that does not
/// exist needs a push or a spec change; a template's periodic refresh looks again).
/// </remarks>
public static class GeneratorReasons
{
    // The generator's reasons, with the exit codes of errors.py.
    public const string Internal = "Internal";
    public const string InvalidArguments = "InvalidArguments";
    public const string SourceUnreachable = "SourceUnreachable";
    public const string RevisionNotFound = "RevisionNotFound";
    public const string InvalidTemplate = "InvalidTemplate";
    public const string InvalidVariables = "InvalidVariables";
    public const string HookFailed = "HookFailed";
    public const string OutputTooLarge = "OutputTooLarge";
    public const string UnsafeOutput = "UnsafeOutput";
    public const string ArchiveDigestMismatch = "ArchiveDigestMismatch";
    public const string UnsafeArchive = "UnsafeArchive";
    public const string ArchiveTooLarge = "ArchiveTooLarge";

    /// <summary>The template's code killed or ended the generator's template stage, or tampered with its answer.</summary>
    public const string TemplateAborted = "TemplateAborted";

    /// <summary>The template's files packed are above the snapshot limit (inspect).</summary>
    public const string SnapshotTooLarge = "SnapshotTooLarge";

    /// <summary>The earlier project of an update has no .cruft.json.</summary>
    public const string NotUpdatable = "NotUpdatable";

    /// <summary>The git or S3 output refused the credentials of the output Secret.</summary>
    public const string OutputAuthFailed = "OutputAuthFailed";

    /// <summary>The git or S3 output's host could not be reached.</summary>
    public const string OutputUnreachable = "OutputUnreachable";

    /// <summary>The git or S3 output refused the push or upload (non-fast-forward, protected branch, hook, S3 error).</summary>
    public const string OutputRejected = "OutputRejected";

    /// <summary>The output repository, base branch or bucket does not exist.</summary>
    public const string OutputNotFound = "OutputNotFound";

    // Operator-side: failures that come with no Error payload.

    /// <summary>The pod ran past its activeDeadlineSeconds, or the Job past its own (the pod never started in time).</summary>
    public const string JobTimedOut = "JobTimedOut";

    /// <summary>No complete frame, no pod, or no log (<see cref="SandboxResultProblem.Missing"/>).</summary>
    public const string NoResult = "NoResult";

    /// <summary>The pod was evicted for its ephemeral storage (<see cref="SandboxResultProblem.Evicted"/>).</summary>
    public const string StorageExceeded = "StorageExceeded";

    /// <summary>The container was OOM-killed (the kubelet's verdict wins over any Error frame it printed).</summary>
    public const string OutOfMemory = "OutOfMemory";

    /// <summary>A complete frame that fails its checksum or does not decode (<see cref="SandboxResultProblem.Corrupt"/>).</summary>
    public const string CorruptResult = "CorruptResult";

    /// <summary>A payload of a protocol version this operator does not know (<see cref="SandboxResultProblem.UnknownProtocol"/>).</summary>
    public const string UnknownProtocol = "UnknownProtocol";

    /// <summary>
    /// A verified frame that disagrees with how the container ended, whose exit code is none of the generator's (0, a
    /// signal) (<see cref="SandboxResultProblem.Untrusted"/>); with a generator exit code the failure is that code's row.
    /// </summary>
    public const string UntrustedResult = "UntrustedResult";

    /// <summary>A verified payload of the wrong kind, or one that fails the parser's checks (revision, archive digest).</summary>
    public const string InvalidResult = "InvalidResult";

    /// <summary>An Error payload whose reason is in no row: a newer image than this operator.</summary>
    public const string UnknownReason = "UnknownReason";

    private const SandboxFailureClass Stalled = SandboxFailureClass.Stalled;
    private const SandboxFailureClass Transient = SandboxFailureClass.Transient;

    /// <summary>Every row, the generator's first in exit-code order.</summary>
    public static IReadOnlyList<GeneratorReason> All { get; } =
    [
        new(Internal, 1, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(InvalidArguments, 2, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(SourceUnreachable, 10, ConditionReasons.SourceUnreachable, ConditionReasons.SourceUnreachable, Transient),
        new(RevisionNotFound, 11, ConditionReasons.RevisionNotFound, ConditionReasons.RevisionNotFound, Stalled),
        new(InvalidTemplate, 12, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled),
        new(InvalidVariables, 13, ConditionReasons.InspectFailed, ConditionReasons.InvalidVariables, Stalled),
        new(HookFailed, 14, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(OutputTooLarge, 15, ConditionReasons.InspectFailed, ConditionReasons.OutputTooLarge, Stalled),
        new(UnsafeOutput, 16, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled),
        new(ArchiveDigestMismatch, 17, ConditionReasons.ChecksumMismatch, ConditionReasons.ChecksumMismatch, Stalled),
        new(UnsafeArchive, 18, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled),
        new(ArchiveTooLarge, 19, ConditionReasons.InvalidTemplate, ConditionReasons.RenderFailed, Stalled),
        new(TemplateAborted, 20, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(SnapshotTooLarge, 21, ConditionReasons.SnapshotTooLarge, ConditionReasons.RenderFailed, Stalled),
        new(NotUpdatable, 22, ConditionReasons.InspectFailed, ConditionReasons.NotUpdatable, Stalled),
        new(OutputAuthFailed, 30, ConditionReasons.InspectFailed, ConditionReasons.OutputAuthFailed, Stalled),
        new(OutputUnreachable, 31, ConditionReasons.InspectFailed, ConditionReasons.OutputUnreachable, Transient),
        new(OutputRejected, 32, ConditionReasons.InspectFailed, ConditionReasons.OutputRejected, Stalled),
        new(OutputNotFound, 33, ConditionReasons.InspectFailed, ConditionReasons.OutputNotFound, Stalled),
        new(JobTimedOut, null, ConditionReasons.InspectTimeout, ConditionReasons.RenderTimeout, Stalled),
        new(NoResult, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Transient),
        new(OutOfMemory, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(StorageExceeded, null, ConditionReasons.InspectFailed, ConditionReasons.OutputTooLarge, Stalled),
        new(CorruptResult, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(UnknownProtocol, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(UntrustedResult, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(InvalidResult, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
        new(UnknownReason, null, ConditionReasons.InspectFailed, ConditionReasons.RenderFailed, Stalled),
    ];

    private static readonly Dictionary<string, GeneratorReason> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="name"/>; the <see cref="UnknownReason"/> row for a reason no row names.</summary>
    public static GeneratorReason Find(string? name) =>
        name is not null && ByName.TryGetValue(name, out var row) ? row : ByName[UnknownReason];

    /// <summary>The generator's row for a container exit code, or null for a code the generator does not use.</summary>
    public static GeneratorReason? ForExitCode(int exitCode) => All.FirstOrDefault(r => r.ExitCode == exitCode);

    /// <summary>
    /// The condition reason and class of <paramref name="reason"/> (a generator reason or an operator-side row name) in
    /// <paramref name="stage"/>, with <paramref name="message"/>. A reason no row names is stalled, with the stage's
    /// generic reason, and keeps its name in <see cref="SandboxFailure.GeneratorReason"/>.
    /// </summary>
    public static SandboxFailure Classify(SandboxStage stage, string reason, string message = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var row = Find(reason);
        return new SandboxFailure(row.ReasonFor(stage), message, row.Class, reason);
    }
}
