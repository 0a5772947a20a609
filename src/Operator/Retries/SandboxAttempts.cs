using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Retries;

/// <summary>
/// Retries of a sandbox Job after a transient failure (a git host that is down, a repository that does not exist
/// yet): attempt <c>n</c> of a Job is the same Job under the name <c>…-rN</c>, so the attempts are found in the cache
/// by name, a restarted operator neither loses nor repeats one, and no counter lives in status. The wait before
/// attempt <c>n</c> grows from <see cref="FirstDelay"/> and doubles up to <see cref="MaxDelay"/>, measured from the
/// end of the attempt before. Pure.
/// </summary>
public static class SandboxAttempts
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);

    /// <summary>Short enough that a source that comes back is used within two minutes.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(80);

    /// <summary>The name of attempt <paramref name="attempt"/> (0: the first, under the builder's own name).</summary>
    public static string Name(string firstName, int attempt)
    {
        ArgumentException.ThrowIfNullOrEmpty(firstName);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        if (attempt == 0)
        {
            return firstName;
        }

        var suffix = "-r" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var room = ChildNames.MaxLength - suffix.Length;
        return (firstName.Length <= room ? firstName : firstName[..room].TrimEnd('-', '.')) + suffix;
    }

    /// <summary>Annotation on every attempt: its number (0 for the first).</summary>
    public const string AttemptAnnotation = Api.WellKnown.Group + "/attempt";

    /// <summary><paramref name="first"/> renamed and annotated for attempt <paramref name="attempt"/>.</summary>
    public static V1Job ForAttempt(V1Job first, int attempt)
    {
        ArgumentNullException.ThrowIfNull(first);
        first.Metadata.Name = Name(first.Metadata.Name, attempt);
        first.Metadata.Annotations ??= new Dictionary<string, string>();
        first.Metadata.Annotations[AttemptAnnotation] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return first;
    }

    /// <summary>The attempt number a Job carries (0 when it carries none).</summary>
    public static int Number(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Metadata.Annotations?.TryGetValue(AttemptAnnotation, out var value) == true
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt)
            ? attempt
            : 0;
    }

    /// <summary>
    /// The newest attempt among <paramref name="jobs"/> (all attempts of one Job, e.g. the owned render Jobs of a
    /// Scaffold) by the number they carry, so attempts already deleted by their TTL do not make a later one look first.
    /// </summary>
    public static (V1Job Job, int Attempt)? Latest(IEnumerable<V1Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Select(j => ((V1Job Job, int Attempt)?)(j, Number(j))).MaxBy(j => j!.Value.Attempt);
    }

    /// <summary>The newest existing attempt of the Job first named <paramref name="firstName"/> and its number, or null.</summary>
    public static (V1Job Job, int Attempt)? Latest(string firstName, Func<string, V1Job?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        (V1Job, int)? latest = null;
        for (var attempt = 0; lookup(Name(firstName, attempt)) is { } job; attempt++)
        {
            latest = (job, attempt);
        }

        return latest;
    }

    /// <summary>How long to wait after <paramref name="failures"/> consecutive failures before the next attempt.</summary>
    public static TimeSpan Delay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var seconds = FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }

    /// <summary>When the next attempt is due after <paramref name="failed"/> (its end, else its start, plus the delay).</summary>
    public static DateTime DueAt(V1Job failed, int failures, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var ended = failed.Status?.CompletionTime
            ?? failed.Status?.Conditions?.Where(c => c.Type == "Failed").Select(c => c.LastTransitionTime).FirstOrDefault()
            ?? failed.Status?.StartTime
            ?? now;
        return ended.ToUniversalTime() + Delay(failures);
    }
}
