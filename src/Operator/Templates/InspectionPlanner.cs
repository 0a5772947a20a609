using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Decides which inspection a template needs from the template and the inspect Jobs that exist (pure: the cache
/// lookup and the clock come in as arguments). A new spec (or refresh request) is inspected under the builder's name;
/// a due periodic refresh under a name derived from the previous inspection time; each transient failure adds an
/// attempt (<see cref="SandboxAttempts"/>).
/// </summary>
public static class InspectionPlanner
{
    /// <summary>Refresh interval when the spec sets none (the CRD default).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromHours(1);

    public static InspectionPlan Plan(CookiecutterTemplate template, SandboxOptions options, DateTime now, Func<string, V1Job?> lookup)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(lookup);
        var status = template.Status ?? new CookiecutterTemplateStatus();
        var interval = RefreshInterval(template);
        var current = TemplateInspectJobBuilder.Build(template, options, round: "");
        string round;
        if (status.InspectedSpecHash != current.InputHash)
        {
            round = "";
        }
        else if (template.Spec.Suspend != true && status.LastInspected is { } last && now >= last.ToUniversalTime() + interval)
        {
            // A branch or tag may have moved: inspect again, under a name derived from the previous inspection time.
            round = last.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            return new InspectionPlan(InspectionPlanKind.UpToDate, null, 0, false, current.InputHash, NextRefresh(template, status, interval, now));
        }

        var first = round.Length == 0 ? current.Job : TemplateInspectJobBuilder.Build(template, options, round).Job;
        var refresh = round.Length > 0;
        if (SandboxAttempts.Latest(first.Metadata.Name, lookup) is not { } latest)
        {
            return new InspectionPlan(InspectionPlanKind.Start, first, 0, refresh, current.InputHash, null);
        }

        var kind = SandboxJobState.Of(latest.Job) == SandboxJobPhase.Running ? InspectionPlanKind.Running : InspectionPlanKind.Finished;
        return new InspectionPlan(kind, latest.Job, latest.Attempt, refresh, current.InputHash, null);
    }

    /// <summary>The desired Job of the attempt after <paramref name="plan"/>'s.</summary>
    public static V1Job NextAttempt(CookiecutterTemplate template, SandboxOptions options, InspectionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(plan);
        var round = plan.Refresh && template.Status?.LastInspected is { } last
            ? last.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : "";
        return SandboxAttempts.ForAttempt(TemplateInspectJobBuilder.Build(template, options, round).Job, plan.Attempt + 1);
    }

    public static TimeSpan RefreshInterval(CookiecutterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return GoDuration.TryParse(template.Spec.RefreshInterval, out var interval) && interval > TimeSpan.Zero ? interval : DefaultRefreshInterval;
    }

    private static TimeSpan? NextRefresh(CookiecutterTemplate template, CookiecutterTemplateStatus status, TimeSpan interval, DateTime now)
    {
        if (template.Spec.Suspend == true || status.LastInspected is not { } last)
        {
            return null;
        }

        var wait = last.ToUniversalTime() + interval - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }
}
