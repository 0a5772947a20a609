using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Events;
using DynamoMcp.Runtime.Status;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.Reconcile;

/// <summary>
/// Runs a reconcile's steps in order and summarizes once, in one deferred place (Flux's summarize-and-patch): the
/// first step that does not return <see cref="StepOutcome.Continue"/> decides the outcome (an exception is a transient
/// one), the summary sets Ready/Reconciling/Stalled from it, lets the kind fill its own fields (phase, message), stamps
/// observedGeneration, writes status once and only when it changed, and records an event only when Ready changed.
/// </summary>
public sealed partial class ReconcileSteps<TEntity>(
    IStatusWriter<TEntity> statusWriter,
    IEventRecorder events,
    TimeProvider clock,
    ILogger<ReconcileSteps<TEntity>> logger)
    where TEntity : class, IDynamoResource
{
    /// <summary>Reason of the outcome when a step throws (the message is the exception's, never its stack).</summary>
    public const string ReconcileErrorReason = "ReconcileError";

    /// <summary>How soon a reconcile whose status write met a newer object (409) runs again.</summary>
    public static readonly TimeSpan ConflictRequeue = TimeSpan.FromMilliseconds(100);

    /// <summary>Reason of the outcome when every step continued.</summary>
    public const string ReconciledReason = "Succeeded";

    /// <param name="entity">The private copy the controller handed in; steps and the summary mutate it.</param>
    /// <param name="steps">The steps, in order.</param>
    /// <param name="summarize">Sets the kind's own status fields from the outcome, after the conditions are set.</param>
    /// <param name="cancellationToken">Cancels the reconcile (shutdown, lost leadership): nothing is written then.</param>
    public async Task<ReconcileResult> RunAsync(
        TEntity entity,
        IReadOnlyList<ReconcileStep<TEntity>> steps,
        Action<TEntity, StepOutcome>? summarize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(steps);
        var status = entity.CurrentStatus;
        var before = status.Conditions.Find(ConditionTypes.Ready);
        var (readyBefore, reasonBefore) = (before?.Status == ConditionStatus.True, before?.Reason);
        var outcome = await RunStepsAsync(entity, steps, cancellationToken).ConfigureAwait(false);

        Summarize(status, entity.Metadata.Generation, outcome, clock);
        summarize?.Invoke(entity, outcome);
        try
        {
            await statusWriter.UpdateAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // A kind written with its resourceVersion (IOptimisticStatus) changed since the cache's copy was read: the
            // watch brings the newer one at once, so reconcile again soon, not after a growing error backoff.
            LogConflict(entity.Kind, entity.Metadata.NamespaceProperty ?? "", entity.Metadata.Name);
            return ReconcileResult.RequeueAfter(ConflictRequeue);
        }

        var after = status.Conditions.Find(ConditionTypes.Ready)!;
        // Unknown and False with one reason are one story (a retry running, then failing again): no event for that.
        if ((after.Status == ConditionStatus.True) != readyBefore || after.Reason != reasonBefore)
        {
            var type = outcome.Kind is StepOutcomeKind.Transient or StepOutcomeKind.Stalled ? EventTypes.Warning : EventTypes.Normal;
            var message = after.Message ?? "";
            await events.RecordAsync(entity, type, after.Reason, message, cancellationToken).ConfigureAwait(false);
            LogChanged(entity.Kind, entity.Metadata.NamespaceProperty ?? "", entity.Metadata.Name, outcome.Kind, after.Reason, message);
        }

        return ToResult(outcome);
    }

    /// <summary>Sets the kstatus conditions an outcome stands for (pure; shared with tests and other writers).</summary>
    public static void Summarize(IDynamoStatus status, long? generation, StepOutcome outcome, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Kind)
        {
            case StepOutcomeKind.Ready:
            case StepOutcomeKind.Continue:
                status.MarkReady(generation, outcome.Kind == StepOutcomeKind.Continue ? ReconciledReason : outcome.Reason, outcome.Message, clock);
                break;
            case StepOutcomeKind.Waiting:
                status.MarkReconciling(generation, outcome.Reason, outcome.Message, clock);
                break;
            case StepOutcomeKind.Transient:
                status.MarkRetrying(generation, outcome.Reason, outcome.Message, clock);
                break;
            case StepOutcomeKind.Stalled:
                status.MarkStalled(generation, outcome.Reason, outcome.Message, clock);
                break;
        }
    }

    /// <summary>What the runtime does after an outcome (pure).</summary>
    public static ReconcileResult ToResult(StepOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            StepOutcomeKind.Transient => ReconcileResult.Transient(outcome.Reason, outcome.Error, outcome.RequeueAfter),
            StepOutcomeKind.Stalled when outcome.RequeueAfter is { } wake => ReconcileResult.RequeueAfter(wake),
            StepOutcomeKind.Stalled => ReconcileResult.Stalled(outcome.Reason),
            _ when outcome.RequeueAfter is { } delay => ReconcileResult.RequeueAfter(delay),
            _ => ReconcileResult.Done,
        };
    }

    private async Task<StepOutcome> RunStepsAsync(TEntity entity, IReadOnlyList<ReconcileStep<TEntity>> steps, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var step in steps)
            {
                var outcome = await step(entity, cancellationToken).ConfigureAwait(false);
                if (outcome.Kind != StepOutcomeKind.Continue)
                {
                    return outcome;
                }
            }

            return StepOutcome.Continue;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpOperationException e)
        {
            // The API's answer, not its body: bodies can echo what was sent.
            return StepOutcome.Transient(ReconcileErrorReason,
                $"The Kubernetes API answered {(int)e.Response.StatusCode} ({e.Response.ReasonPhrase}); retrying with backoff.", error: e);
        }
        catch (Exception e)
        {
            return StepOutcome.Transient(ReconcileErrorReason, $"{e.GetType().Name}: {e.Message} Retrying with backoff.", error: e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {Namespace}/{Name}: the status write met a newer object (409); reconciling again")]
    private partial void LogConflict(string kind, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name}: {Outcome} {Reason}: {Message}")]
    private partial void LogChanged(string kind, string @namespace, string name, StepOutcomeKind outcome, string reason, string message);
}
