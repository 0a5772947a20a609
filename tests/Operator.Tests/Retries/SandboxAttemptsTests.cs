using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Retries;

public sealed class SandboxAttemptsTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    // ---- Name -----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("web-inspect-0123456789", 0, "web-inspect-0123456789")]
    [InlineData("web-inspect-0123456789", 1, "web-inspect-0123456789-r1")]
    [InlineData("web-inspect-0123456789", 2, "web-inspect-0123456789-r2")]
    [InlineData("web-inspect-0123456789", 10, "web-inspect-0123456789-r10")]
    [InlineData("web-inspect-0123456789", 123, "web-inspect-0123456789-r123")]
    public void Attempt_0_is_the_first_name_and_later_attempts_add_an_rN_suffix(string first, int attempt, string name)
    {
        SandboxAttempts.Name(first, attempt).Should().Be(name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(100)]
    public void A_63_character_name_is_cut_to_fit_with_its_suffix(int attempt)
    {
        var first = ChildNames.For(new string('t', 80), "inspect", "0123456789abcdef");
        first.Length.Should().Be(ChildNames.MaxLength);

        var name = SandboxAttempts.Name(first, attempt);

        name.Length.Should().Be(ChildNames.MaxLength);
        name.Should().EndWith($"-r{attempt}").And.StartWith(first[..(ChildNames.MaxLength - $"-r{attempt}".Length)]);
        name.Should().MatchRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "a DNS label and a label value");
    }

    [Fact]
    public void A_cut_that_ends_in_a_dash_or_dot_drops_it()
    {
        // 60 characters kept for "-r1": the 60th is a dash.
        var first = new string('a', 59) + "-" + "bcd";
        first.Length.Should().Be(63);

        SandboxAttempts.Name(first, 1).Should().Be(new string('a', 59) + "-r1");
        SandboxAttempts.Name(new string('a', 58) + "-." + "bcd", 1).Should().Be(new string('a', 58) + "-r1");
    }

    [Fact]
    public void Each_attempt_has_its_own_name_even_when_cut()
    {
        var first = ChildNames.For(new string('t', 80), "render", "fedcba9876543210");

        Enumerable.Range(0, 30).Select(a => SandboxAttempts.Name(first, a)).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Names_refuse_an_empty_first_name_or_a_negative_attempt()
    {
        FluentActions.Invoking(() => SandboxAttempts.Name("", 1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => SandboxAttempts.Name("web", -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ForAttempt_renames_the_job_and_keeps_its_spec()
    {
        var job = SandboxJobs.Named("web-inspect-0123456789");
        var spec = job.Spec;

        var renamed = SandboxAttempts.ForAttempt(job, 3);

        renamed.Metadata.Name.Should().Be("web-inspect-0123456789-r3");
        renamed.Spec.Should().BeSameAs(spec);
    }

    // ---- Latest ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 0 }, 0)]
    [InlineData(new[] { 0, 1 }, 1)]
    [InlineData(new[] { 0, 1, 2 }, 2)]
    [InlineData(new[] { 2, 0, 1 }, 2)]
    [InlineData(new[] { 0, 1, 3 }, 1)]
    public void Latest_is_the_newest_attempt_in_an_unbroken_run_from_attempt_0(int[] existing, int? latest)
    {
        const string first = "web-inspect-0123456789";
        var jobs = existing.Select(a => SandboxJobs.Named(SandboxAttempts.Name(first, a))).ToArray();

        var found = SandboxAttempts.Latest(first, SandboxJobs.Lookup(jobs));

        if (latest is null)
        {
            found.Should().BeNull();
            return;
        }

        found.Should().NotBeNull();
        found!.Value.Attempt.Should().Be(latest);
        found.Value.Job.Should().BeSameAs(jobs.Single(j => j.Metadata.Name == SandboxAttempts.Name(first, latest.Value)));
    }

    [Fact]
    public void Among_owned_jobs_the_latest_is_the_highest_attempt_they_carry_even_after_earlier_ones_expired()
    {
        const string first = "hello-render-0123456789";
        var r1 = SandboxAttempts.ForAttempt(SandboxJobs.Named(first), 1);
        var r3 = SandboxAttempts.ForAttempt(SandboxJobs.Named(first), 3);
        var zero = SandboxAttempts.ForAttempt(SandboxJobs.Named(first), 0);

        SandboxAttempts.Number(r3).Should().Be(3);
        SandboxAttempts.Number(SandboxJobs.Named(first)).Should().Be(0, "a Job without the annotation is a first attempt");
        zero.Metadata.Annotations[SandboxAttempts.AttemptAnnotation].Should().Be("0");
        // Attempts 0 and 2 were deleted by their TTL: r1 must not pass for the first attempt.
        SandboxAttempts.Latest([r1, r3])!.Value.Should().Be((r3, 3));
        SandboxAttempts.Latest([r1])!.Value.Attempt.Should().Be(1);
        SandboxAttempts.Latest(Array.Empty<V1Job>()).Should().BeNull();
    }

    [Fact]
    public void Latest_looks_names_up_in_attempt_order_and_stops_at_the_first_missing_one()
    {
        const string first = "app-render-0123456789";
        var asked = new List<string>();
        var jobs = SandboxJobs.Lookup(SandboxJobs.Named(first), SandboxJobs.Named(first + "-r1"));

        SandboxAttempts.Latest(first, name =>
        {
            asked.Add(name);
            return jobs(name);
        });

        asked.Should().Equal(first, first + "-r1", first + "-r2");
    }

    // ---- Delay ----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 80)]
    [InlineData(6, 80)]
    [InlineData(17, 80)]
    [InlineData(1000, 80)]
    [InlineData(int.MaxValue, 80)]
    public void The_delay_doubles_from_5s_and_is_capped_at_MaxDelay(int failures, int seconds)
    {
        SandboxAttempts.Delay(failures).Should().Be(TimeSpan.FromSeconds(seconds));
        SandboxAttempts.Delay(failures).Should().BeLessThanOrEqualTo(SandboxAttempts.MaxDelay);
    }

    [Fact]
    public void The_delay_starts_at_FirstDelay_and_needs_a_failure()
    {
        SandboxAttempts.Delay(1).Should().Be(SandboxAttempts.FirstDelay);
        FluentActions.Invoking(() => SandboxAttempts.Delay(0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    // ---- DueAt ----------------------------------------------------------------------------------------------------

    public static TheoryData<string, int, DateTime> DueRows() => new()
    {
        // what the failed Job has, failures, when the next attempt is due
        { "completion, failed condition and start", 1, Now.AddSeconds(5) },
        { "completion, failed condition and start", 3, Now.AddSeconds(20) },
        { "failed condition and start", 1, Now.AddSeconds(-10 + 5) },
        { "failed condition after another condition", 2, Now.AddSeconds(-10 + 10) },
        { "failed condition without a time", 1, Now.AddSeconds(-60 + 5) },
        { "start", 2, Now.AddSeconds(-60 + 10) },
        { "nothing", 5, Now.AddSeconds(80) },
        { "no status", 4, Now.AddSeconds(40) },
    };

    [Theory]
    [MemberData(nameof(DueRows))]
    public void DueAt_is_the_delay_after_the_completion_time_else_the_Failed_condition_else_the_start(string has, int failures, DateTime due)
    {
        var job = SandboxJobs.Named("web-inspect-0123456789");
        job.Status = has switch
        {
            "completion, failed condition and start" => new V1JobStatus
            {
                CompletionTime = Now,
                StartTime = Now.AddSeconds(-60),
                Conditions = [new V1JobCondition { Type = "Failed", Status = "True", LastTransitionTime = Now.AddSeconds(-10) }],
            },
            "failed condition and start" => new V1JobStatus
            {
                StartTime = Now.AddSeconds(-60),
                Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded", LastTransitionTime = Now.AddSeconds(-10) }],
            },
            "failed condition after another condition" => new V1JobStatus
            {
                StartTime = Now.AddSeconds(-60),
                Conditions =
                [
                    new V1JobCondition { Type = "FailureTarget", Status = "True", LastTransitionTime = Now.AddSeconds(-30) },
                    new V1JobCondition { Type = "Failed", Status = "True", LastTransitionTime = Now.AddSeconds(-10) },
                ],
            },
            "failed condition without a time" => new V1JobStatus
            {
                StartTime = Now.AddSeconds(-60),
                Conditions = [new V1JobCondition { Type = "Failed", Status = "True" }],
            },
            "start" => new V1JobStatus { StartTime = Now.AddSeconds(-60) },
            "nothing" => new V1JobStatus(),
            _ => null,
        };

        SandboxAttempts.DueAt(job, failures, Now).Should().Be(due);
    }

    [Fact]
    public void DueAt_reads_times_in_UTC_and_answers_in_UTC()
    {
        var job = SandboxJobs.Named("web-inspect-0123456789");
        var local = Now.ToLocalTime();
        job.Status = new V1JobStatus { CompletionTime = local };

        var due = SandboxAttempts.DueAt(job, 1, Now.AddHours(3));

        due.Should().Be(Now.AddSeconds(5));
        due.Kind.Should().Be(DateTimeKind.Utc);
    }
}
