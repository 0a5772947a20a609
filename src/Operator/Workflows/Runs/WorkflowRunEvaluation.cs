using System.Collections;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Workflows.Expressions;
using DynamoMcp.Operator.Workflows.Planning;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// Maps a run onto the planner and evaluates its expressions (pure): the pinned steps become <see cref="PlannedStep"/>s,
/// fan-out counts come from evaluating <c>forEach</c> once what it reads is known, <c>when</c> is evaluated when the
/// planner asks, and each attempt's fields are evaluated with the item it runs. The steps known so far (finished, with
/// their outputs) are what expressions read; the reconciler adds to them as steps finish and plans again. An
/// expression that fails stops the run (<see cref="Abort"/>): it is a bug of the workflow, not of one attempt.
/// </summary>
public sealed class WorkflowRunEvaluation
{
    private readonly WorkflowRun run;
    private readonly WorkflowRunSnapshot snapshot;
    private readonly IReadOnlyDictionary<ChildKey, ObservedChild> children;
    private readonly DateTime now;
    private readonly Dictionary<string, WorkflowStep> steps;
    private readonly Dictionary<string, ExpressionStep> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?[]> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> reads;

    public WorkflowRunEvaluation(WorkflowRun run, WorkflowRunSnapshot snapshot, IReadOnlyDictionary<ChildKey, ObservedChild> children, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(children);
        this.run = run;
        this.snapshot = snapshot;
        this.children = children;
        this.now = now;
        steps = snapshot.Spec.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        reads = snapshot.Spec.Steps.ToDictionary(s => s.Name, Reads, StringComparer.Ordinal);
    }

    /// <summary>Why the run is stopped because an expression failed, once one did.</summary>
    public string? Abort { get; private set; }

    /// <summary>The finished steps expressions can read.</summary>
    public IReadOnlyDictionary<string, ExpressionStep> Known => known;

    public WorkflowStep Step(string name) => steps[name];

    /// <summary>Records a finished step: its phase and (when it succeeded) its outputs.</summary>
    public void Know(string step, PlannedStepPhase phase, IReadOnlyDictionary<string, object?> outputs) =>
        known[step] = new ExpressionStep(phase.ToString(), outputs);

    /// <summary>Stops the run with <paramref name="message"/> (an attempt's fields could not be evaluated).</summary>
    public void Fail(string message) => Abort ??= message;

    /// <summary>The plan with what is known now; an expression failing while planning stops the run and is planned again.</summary>
    public RunPlan Plan()
    {
        while (true)
        {
            string? failed = null;
            var planned = snapshot.Spec.Steps.Select(s => Planned(s, ref failed)).ToList();
            var input = new RunPlanInput(run.Metadata.Name, planned, now)
            {
                Children = children,
                FailFast = snapshot.Spec.FailFast ?? true,
                Parallelism = snapshot.Spec.Parallelism,
                CancelRequested = run.Spec.Cancel == true,
                Deadline = snapshot.Spec.ActiveDeadlineSeconds is { } seconds ? (run.Status?.StartTime ?? run.Metadata.CreationTimestamp ?? now).AddSeconds(seconds) : null,
                Abort = Abort ?? failed,
                InputsKnown = s => reads[s].All(known.ContainsKey),
                When = s =>
                {
                    if (steps[s].When is not { } when)
                    {
                        return null;
                    }

                    try
                    {
                        return WorkflowExpressions.IsTrue(when, Scope(null));
                    }
                    catch (ExpressionException e)
                    {
                        failed ??= $"step {s}: when: {e.Message}";
                        return false;
                    }
                },
            };
            var plan = WorkflowRunPlanner.Plan(input);
            if (Abort is null && failed is not null)
            {
                Abort = failed;
                continue;
            }

            return plan;
        }
    }

    /// <summary>The fields of one attempt, evaluated; <paramref name="project"/> finds a Scaffold's stored project by name.</summary>
    /// <exception cref="ExpressionException">An expression fails, or the project named is not a stored project of this namespace.</exception>
    public StepFields Fields(WorkflowStep step, int? item, Func<string, StepProject?> project)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(project);
        var scope = Scope(item is { } i && items.TryGetValue(step.Name, out var list) ? list[i] : null);
        if (step.Scaffold is { } scaffold)
        {
            return new StepFields { Variables = Map(WorkflowExpressions.EvaluateAll(scaffold.Variables, scope), "scaffold.variables") };
        }

        if (step.ToolCall is { } call)
        {
            return new StepFields { Arguments = FreeForm.ToJsonNode(Map(WorkflowExpressions.EvaluateAll(call.Arguments, scope), "toolCall.arguments")) as JsonObject ?? [] };
        }

        var container = step.Container!;
        StepProject? stored = null;
        if (container.Project is { } projectText)
        {
            var name = Text(WorkflowExpressions.Evaluate(projectText, scope));
            stored = project(name) ?? throw new ExpressionException(
                $"container.project is '{name}', which is not a Scaffold of namespace {run.Metadata.NamespaceProperty} with a stored project (a Succeeded Scaffold with an inline archive).");
        }

        return new StepFields
        {
            Args = container.Args?.Select(a => Text(WorkflowExpressions.Evaluate(a, scope))).ToList(),
            Env = container.Env?.Select(e => e.Value is { } value ? new V1EnvVar { Name = e.Name, Value = Text(WorkflowExpressions.Evaluate(value, scope)) } : e).ToList(),
            Project = stored,
        };
    }

    /// <summary>The run's outputs from <c>spec.outputs</c>, once every step finished.</summary>
    /// <exception cref="ExpressionException">An output expression fails.</exception>
    public Dictionary<string, object?> RunOutputs()
    {
        var scope = Scope(null);
        return (snapshot.Spec.Outputs ?? new Dictionary<string, string>()).ToDictionary(
            o => o.Key, o => WorkflowExpressions.Evaluate(o.Value, scope), StringComparer.Ordinal);
    }

    /// <summary>The items of a fan-out step, once known.</summary>
    public int? ItemCount(string step) => items.TryGetValue(step, out var list) ? list.Length : null;

    private PlannedStep Planned(WorkflowStep step, ref string? failed)
    {
        int? count = null;
        if (step.ForEach is { } forEach && reads[step.Name].All(known.ContainsKey))
        {
            if (!items.TryGetValue(step.Name, out var list))
            {
                try
                {
                    list = WorkflowExpressions.Evaluate(forEach, Scope(null)) switch
                    {
                        object?[] values => values,
                        IList values => values.Cast<object?>().ToArray(),
                        var other => throw new ExpressionException($"must give a list, but gives {(other is null ? "null" : other.GetType().Name)}."),
                    };
                    items[step.Name] = list;
                }
                catch (ExpressionException e)
                {
                    failed ??= $"step {step.Name}: forEach: {e.Message}";
                    list = [];
                }
            }

            count = list.Length;
        }

        return new PlannedStep(step.Name)
        {
            DependsOn = [.. step.DependsOn ?? []],
            ContinueOnError = step.ContinueOnError == true,
            Retries = step.Retries ?? 0,
            Timeout = step.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            IsFinally = step.Finally == true,
            ForEach = count,
            MaxParallel = step.MaxParallel,
        };
    }

    private ExpressionScope Scope(object? item) => new(snapshot.Inputs.AsReadOnly(), known, item);

    /// <summary>The steps a step's expressions read: it waits for their outputs.</summary>
    private static IReadOnlySet<string> Reads(WorkflowStep step)
    {
        var texts = new List<string>();
        texts.AddRange(new[] { step.When, step.ForEach }.OfType<string>());
        texts.AddRange(WorkflowExpressions.Strings(step.Scaffold?.Variables));
        texts.AddRange(WorkflowExpressions.Strings(step.ToolCall?.Arguments));
        if (step.Container is { } container)
        {
            texts.AddRange(container.Args ?? []);
            texts.AddRange((container.Env ?? []).Select(e => e.Value).OfType<string>());
            texts.AddRange(new[] { container.Project }.OfType<string>());
        }

        return texts.SelectMany(WorkflowExpressions.StepReferences).ToHashSet(StringComparer.Ordinal);
    }

    private static IDictionary<string, object?>? Map(object? value, string field) => value switch
    {
        null => null,
        IDictionary<string, object?> map => map,
        _ => throw new ExpressionException($"{field} must be an object."),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool b => b ? "true" : "false",
        _ => FreeForm.ToJsonNode(value)?.ToJsonString() ?? "",
    };
}
