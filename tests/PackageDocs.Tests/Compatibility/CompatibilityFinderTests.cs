using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Tests.Fakes;

namespace DynamoMcp.PackageDocs.Tests.Compatibility;

/// <summary>Answers checked by hand against the test data under Registry/ (each comment says why).</summary>
public sealed class CompatibilityFinderTests
{
    private static CompatibilityQuery PyPi(string package, string? python, params (string Name, string Version)[] with) =>
        new(Ecosystem.PyPi, package, with.ToDictionary(w => w.Name, w => w.Version), Python: python);

    private static CompatibilityQuery Npm(string package, string? node, params (string Name, string Version)[] with) =>
        new(Ecosystem.Npm, package, with.ToDictionary(w => w.Name, w => w.Version), Node: node);

    private static async Task<(CompatibilityAnswer Answer, FakeRegistry Registry)> FindAsync(CompatibilityQuery query)
    {
        var registry = await FakeRegistry.StartAsync();
        var answer = await Clients.Finder(registry).FindAsync(query, TestContext.Current.CancellationToken);
        return (answer, registry);
    }

    [Fact]
    public async Task Drf_for_django_5_1_on_python_3_12()
    {
        // 3.16.1 is the newest: requires_python >=3.9 admits 3.12, requires_dist django>=4.2 admits 5.1.
        var (answer, registry) = await FindAsync(PyPi("djangorestframework", "3.12", ("Django", "5.1")));
        await using var _ = registry;

        answer.Version.Should().Be("3.16.1");
        answer.Rejected.Should().BeEmpty();
        answer.Reasons.Should().BeEquivalentTo(new[]
        {
            new { Target = "Python 3.12", Source = "requires_python", Specifier = ">=3.9", Admits = true },
            new { Target = "django 5.1", Source = "requires_dist", Specifier = "django>=4.2", Admits = true },
        });
        answer.Explanation.Should().Contain("djangorestframework 3.16.1").And.Contain("django>=4.2").And.Contain("newest release");
    }

    [Fact]
    public async Task Drf_for_django_4_2_on_python_3_8_skips_the_3_16_line_without_fetching_it()
    {
        // 3.16.x need python >=3.9; 3.15.2 needs >=3.8 and django>=4.2 (its backports.zoneinfo marker holds on 3.8, but is not on django).
        var (answer, registry) = await FindAsync(PyPi("djangorestframework", "3.8", ("django", "4.2")));
        await using var _ = registry;

        answer.Version.Should().Be("3.15.2");
        answer.Rejected.Select(r => r.Version).Should().Equal("3.16.1", "3.16.0");
        answer.Rejected[0].Reason.Should().Be("Python 3.8 is outside requires_python >=3.9");
        registry.Requests.Should().Equal("/pypi/djangorestframework/json", "/pypi/djangorestframework/3.15.2/json");
    }

    [Fact]
    public async Task Channels_for_django_3_2_is_the_4_0_line()
    {
        // 4.1.0 and later require Django>=4.2; 4.0.0 requires Django>=3.2.
        var (answer, registry) = await FindAsync(PyPi("channels", "3.10", ("django", "3.2")));
        await using var _ = registry;

        answer.Version.Should().Be("4.0.0");
        answer.RejectedCount.Should().Be(4);
        answer.Rejected.Select(r => r.Version).Should().Equal("4.3.0", "4.2.2", "4.2.0", "4.1.0");
        answer.Rejected.Should().AllSatisfy(r => r.Reason.Should().Be("django 3.2 is outside requires_dist 'Django>=4.2'"));
        answer.Reasons.Should().ContainSingle(r => r.Specifier == "Django>=3.2");
    }

    [Fact]
    public async Task Django_filter_for_django_3_2_on_python_3_7()
    {
        // 25.1 needs python >=3.9, 24.x need Django>=4.2 (and python >=3.8); 23.5 needs Django>=3.2 and python >=3.7.
        var (answer, registry) = await FindAsync(PyPi("django-filter", "3.7", ("django", "3.2")));
        await using var _ = registry;

        answer.Version.Should().Be("23.5");
        answer.Rejected.Select(r => r.Version).Should().Equal("25.1", "24.3", "24.2", "24.1");
    }

    [Fact]
    public async Task Celery_ignores_its_extras_only_django_requirement()
    {
        // celery's only mention of Django is 'Django>=2.2.28; extra == "django"', which does not apply without the extra.
        var (answer, registry) = await FindAsync(PyPi("celery", "3.12", ("django", "5.1")));
        await using var _ = registry;

        answer.Version.Should().Be("5.5.3");
        answer.Reasons.Should().ContainSingle(r => r.Target == "django 5.1" && r.Specifier == null && r.Admits)
            .Which.Text.Should().Contain("no requirement on django").And.Contain("extra == \"django\"");
    }

    [Fact]
    public async Task Django_itself_for_python_3_11_stops_before_6_0()
    {
        // Django 6.0 requires_python >=3.12; 5.2.1 >=3.10. 5.2a1 is a pre-release and never a candidate.
        var (answer, registry) = await FindAsync(PyPi("django", "3.11"));
        await using var _ = registry;

        answer.Version.Should().Be("5.2.1");
        answer.Rejected.Should().ContainSingle().Which.Version.Should().Be("6.0");
    }

    [Fact]
    public async Task A_marker_gated_requirement_counts_when_its_marker_holds()
    {
        // example-pkg 2.0 (synthetic) requires 'django>=5.0; python_version >= "3.12"' beside django>=4.2; 1.0 is yanked.
        var (on312, r1) = await FindAsync(PyPi("example-pkg", "3.12", ("django", "4.2")));
        await using var _ = r1;
        on312.Version.Should().Be("1.1");
        on312.Rejected.Single().Reason.Should().Contain("django>=5.0; python_version >= \"3.12\"");

        var (on311, r2) = await FindAsync(PyPi("example-pkg", "3.11", ("django", "4.2")));
        await using var __ = r2;
        on311.Version.Should().Be("2.0");
        on311.Reasons.Should().ContainSingle(r => r.Target == "django 4.2")
            .Which.Text.Should().Contain("ignored").And.Contain("python_version >= \"3.12\"").And.Contain("extra == \"fast\"");
    }

    [Fact]
    public async Task Yanked_releases_are_never_chosen()
    {
        // On Python 3.8, 2.0 (requires_python >=3.9) is out; 1.1 fits; 1.0 is yanked and never examined.
        var (answer, registry) = await FindAsync(PyPi("example-pkg", "3.8", ("django", "4.2")));
        await using var _ = registry;

        answer.Version.Should().Be("1.1", "2.0 needs python >=3.9 and 1.0 is yanked");
        answer.Examined.Should().Be(2);
    }

    [Fact]
    public async Task No_fit_says_why_the_newest_was_rejected()
    {
        var (answer, registry) = await FindAsync(PyPi("channels", "3.12", ("django", "2.2")));
        await using var _ = registry;

        answer.Version.Should().BeNull();
        answer.RejectedCount.Should().Be(5);
        answer.Rejected.Should().HaveCount(CompatibilityFinder.RejectedShown);
        answer.Explanation.Should().Contain("None of the newest 5 releases of channels").And.Contain("'Django>=4.2'");
    }

    [Fact]
    public async Task Vue_router_for_vue_3_4_is_4_5_1()
    {
        // 5.x and 4.6.x peer on vue ^3.5.0 (or ^3.5.34); 4.5.1 peers on vue ^3.2.0.
        var (answer, registry) = await FindAsync(Npm("vue-router", null, ("vue", "3.4.38")));
        await using var _ = registry;

        answer.Version.Should().Be("4.5.1");
        answer.Reasons.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Target = "vue 3.4.38", Source = "peerDependencies", Specifier = "^3.2.0", Admits = true });
        answer.RejectedCount.Should().Be(21, "5.0.0–5.0.7 (8), 5.1.0–5.5.1 (7) and 4.6.0–4.6.5 (6); 5.0.0-beta.2 is no candidate");
        answer.Rejected.Select(r => r.Version).Should().Equal("5.5.1", "5.5.0", "5.4.0", "5.3.1", "5.3.0");
        answer.Rejected[0].Reason.Should().Be("vue 3.4.38 is outside peerDependencies '^3.5.34 || ^4.0.0'");
    }

    [Fact]
    public async Task Vue_router_for_vue_3_5_13_and_vite_7_0()
    {
        // 5.2.0+ peer on vite ^7.3.0 || ^8.0.0 and vue ^3.5.34; 5.1.0 and 5.0.7 on vue ^3.5.34; 5.0.6 on vue ^3.5.0 and no vite.
        var (answer, registry) = await FindAsync(Npm("vue-router", null, ("vue", "3.5.13"), ("vite", "7.0.0")));
        await using var _ = registry;

        answer.Version.Should().Be("5.0.6");
        answer.Reasons.Should().BeEquivalentTo(new[]
        {
            new { Target = "vue 3.5.13", Specifier = (string?)"^3.5.0", Admits = true },
            new { Target = "vite 7.0.0", Specifier = (string?)null, Admits = true },
        });
        answer.Rejected[0].Failed.Select(f => f.Target).Should().Equal("vue 3.5.13", "vite 7.0.0");
    }

    [Fact]
    public async Task Pinia_for_vue_2_7_is_3_0_3()
    {
        // 3.0.4 and 4.x peer on vue ^3.5.11 only; 3.0.3 still admits ^2.7.0.
        var (answer, registry) = await FindAsync(Npm("pinia", null, ("vue", "2.7.16")));
        await using var _ = registry;

        answer.Version.Should().Be("3.0.3");
        answer.Reasons.Single().Specifier.Should().Be("^2.7.0 || ^3.5.11");
    }

    [Fact]
    public async Task Pinia_for_vue_3_4_is_2_2_4()
    {
        // 2.2.5 moved the peer to ^2.6.14 || ^3.5.11; 2.2.4 has ^2.6.14 || ^3.3.0.
        var (answer, registry) = await FindAsync(Npm("pinia", null, ("vue", "3.4.38")));
        await using var _ = registry;
        answer.Version.Should().Be("2.2.4");
    }

    [Fact]
    public async Task Plugin_vue_for_vite_5_on_node_18_is_5_2_4()
    {
        // 6.x need engines.node ^20.19.0 || >=22.12.0; 5.2.4 peers on vite ^5.0.0 || ^6.0.0 and runs on ^18.0.0 || >=20.0.0.
        var (answer, registry) = await FindAsync(Npm("@vitejs/plugin-vue", "18.20.0", ("vite", "5.4.0")));
        await using var _ = registry;

        answer.Version.Should().Be("5.2.4");
        answer.Rejected[0].Reason.Should().Be("Node 18.20.0 is outside engines.node '^20.19.0 || >=22.12.0'");
    }

    [Fact]
    public async Task Plugin_vue_for_vite_4_is_4_6_2()
    {
        // Only the 4.x line peers on vite ^4.0.0.
        var (answer, registry) = await FindAsync(Npm("@vitejs/plugin-vue", "18.20.0", ("vite", "4.5.0")));
        await using var _ = registry;
        answer.Version.Should().Be("4.6.2");
    }

    [Fact]
    public async Task Plugin_vue_for_a_vue_release_candidate_follows_the_prerelease_rule()
    {
        // 6.0.11's ^3.6.0-rc.15 does not admit rc.12 and ^3.2.25 admits no pre-release; 6.0.10's ^3.6.0-rc.10 does.
        var (answer, registry) = await FindAsync(Npm("@vitejs/plugin-vue", null, ("vue", "3.6.0-rc.12")));
        await using var _ = registry;

        answer.Version.Should().Be("6.0.10");
        answer.Reasons.Single().Specifier.Should().Be("^3.2.25 || ^3.6.0-rc.10");
    }

    [Fact]
    public async Task Deprecated_versions_are_never_chosen_and_runtime_dependencies_count()
    {
        // 2.0.0 needs vue ^3.5.0 (peer) and ^3.4.0 (dependency); 1.0.0 is deprecated; 1.1.0 (undeprecated) fits vue 3.4.
        var (answer, registry) = await FindAsync(Npm("@example/deprecated", null, ("vue", "3.4.0")));
        await using var _ = registry;

        answer.Version.Should().Be("1.1.0");
        answer.Rejected.Single().Failed.Should().ContainSingle().Which.Source.Should().Be("peerDependencies");
    }

    [Fact]
    public async Task Prereleases_are_candidates_only_when_asked()
    {
        var (answer, registry) = await FindAsync(Npm("vue", null) with { IncludePrereleases = true });
        await using var _ = registry;
        answer.Version.Should().Be("3.6.0-rc.9");
    }

    [Theory]
    [InlineData(Ecosystem.PyPi, "django", "five", null, null, "not a PEP 440 version")]
    [InlineData(Ecosystem.PyPi, "django", "5.1", null, "20.0.0", "Node version applies to npm")]
    [InlineData(Ecosystem.Npm, "vue", "^3.5", null, null, "not an exact semver version")]
    [InlineData(Ecosystem.Npm, "vue", "3.5.13", "3.12", null, "Python version applies to PyPI")]
    public async Task Bad_questions_are_refused_before_any_request(Ecosystem ecosystem, string name, string version, string? python, string? node, string message)
    {
        await using var registry = await FakeRegistry.StartAsync();
        var query = new CompatibilityQuery(ecosystem, "anything", new Dictionary<string, string> { [name] = version }, python, node);
        var act = () => Clients.Finder(registry).FindAsync(query, TestContext.Current.CancellationToken);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage($"*{message}*");
        registry.Requests.Should().BeEmpty();
    }
}
