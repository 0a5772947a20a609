using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Turns what a sandbox Job left (its phase, the result read from a container) into a classified
/// <see cref="SandboxFailure"/> through <see cref="GeneratorReasons"/>, so a controller only asks: did it fail, how,
/// stalled or transient, and what to tell the user. Pure.
/// </summary>
public static class SandboxFailures
{
    /// <summary>
    /// The failure <paramref name="result"/> stands for: the Error payload's reason, or the frame problem; null when it
    /// holds a payload that is not an Error (for the stage's parser to check).
    /// </summary>
    /// <param name="stage">The container the result comes from.</param>
    /// <param name="result">What <see cref="SandboxLogReader"/> read.</param>
    /// <param name="jobName">Named in the message of a failure without an Error payload.</param>
    public static SandboxFailure? Of(SandboxStage stage, SandboxResult result, string? jobName = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (SandboxError.From(result.Payload) is { } error)
        {
            var failure = GeneratorReasons.Classify(stage, error.Reason);
            // "SourceUnreachable: ..." repeats the condition reason; "InvalidTemplate: ..." under RenderFailed says more.
            return failure with { Message = failure.Reason == error.Reason ? error.Message : $"{error.Reason}: {error.Message}" };
        }

        var row = result.Problem switch
        {
            SandboxResultProblem.None => null,
            SandboxResultProblem.Missing => GeneratorReasons.NoResult,
            SandboxResultProblem.OutOfMemory => GeneratorReasons.OutOfMemory,
            SandboxResultProblem.Evicted => GeneratorReasons.StorageExceeded,
            SandboxResultProblem.TimedOut => GeneratorReasons.JobTimedOut,
            SandboxResultProblem.Corrupt => GeneratorReasons.CorruptResult,
            SandboxResultProblem.UnknownProtocol => GeneratorReasons.UnknownProtocol,
            // The exit code of a container whose frame was not trusted says what happened, when it is the generator's.
            SandboxResultProblem.Untrusted => result.ExitReason ?? GeneratorReasons.UntrustedResult,
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Problem, "unknown result problem"),
        };
        return row is null ? null : GeneratorReasons.Classify(stage, row, InJob(stage, jobName, result.Error));
    }

    /// <summary>
    /// The failure of a finished render Job: the render container's; when it rendered, the deliver container's (a
    /// render Job with a git or S3 output), which runs only after render succeeded.
    /// </summary>
    public static SandboxFailure? OfRender(SandboxResult render, SandboxResult? deliver, string? jobName = null)
    {
        ArgumentNullException.ThrowIfNull(render);
        var rendered = Of(SandboxStage.Render, render, jobName);
        if (rendered is not null || deliver is null)
        {
            return rendered;
        }

        // The deliver step's own Error says what was refused; say that the project itself rendered.
        return Of(SandboxStage.Deliver, deliver, jobName) is { } failed && SandboxError.From(deliver.Payload) is not null
            ? failed with { Message = "The project rendered but was not delivered: " + failed.Message }
            : Of(SandboxStage.Deliver, deliver, jobName);
    }

    /// <summary>The Job ran past its activeDeadlineSeconds.</summary>
    public static SandboxFailure TimedOut(SandboxStage stage, V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        // The pod's deadline is the timeout the user set; the Job's adds the time the pod may wait to start.
        var seconds = job.Spec?.Template?.Spec?.ActiveDeadlineSeconds ?? job.Spec?.ActiveDeadlineSeconds;
        var message = stage == SandboxStage.Inspect
            ? $"Inspecting the template took longer than {seconds}s and was stopped; raise spec.sandbox.timeoutSeconds or check that the git host answers."
            : $"Rendering took longer than {seconds}s and was stopped; create the Scaffold again with a larger spec.timeoutSeconds.";
        return GeneratorReasons.Classify(stage, GeneratorReasons.JobTimedOut, message);
    }

    /// <summary>A verified payload the stage's parser refused (<paramref name="message"/> is the parser's error).</summary>
    public static SandboxFailure InvalidResult(SandboxStage stage, string message, string? jobName = null) =>
        GeneratorReasons.Classify(stage, GeneratorReasons.InvalidResult, InJob(stage, jobName, message));

    private static string InJob(SandboxStage stage, string? jobName, string message) =>
        string.IsNullOrEmpty(jobName) ? message : stage switch
        {
            SandboxStage.Inspect => $"Inspect Job {jobName} failed: {message}",
            SandboxStage.Deliver => $"Render Job {jobName} rendered, but its deliver step failed: {message}",
            _ => $"Render Job {jobName} failed: {message}",
        };
}
