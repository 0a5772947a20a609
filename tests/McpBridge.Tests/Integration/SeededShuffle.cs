using Xunit.Sdk;
using Xunit.v3;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// Runs the classes and tests of a collection in an order shuffled by the run's randomization seed (xunit's
/// <c>--seed</c>), instead of xunit's one fixed order by unique id: a test that relies on another test's leftovers
/// then fails here, under some seed, rather than only on someone's fresh clone. The same seed gives the same order
/// everywhere: <c>dotnet test --project tests/McpBridge.Tests -- --seed N</c>.
/// </summary>
public sealed class SeededShuffle : ITestClassOrderer, ITestMethodOrderer, ITestCaseOrderer
{
    public IReadOnlyCollection<TTestClass?> OrderTestClasses<TTestClass>(IReadOnlyCollection<TTestClass?> testClasses)
        where TTestClass : notnull, ITestClass => Shuffle(testClasses, c => c?.UniqueID ?? "");

    public IReadOnlyCollection<TTestMethod?> OrderTestMethods<TTestMethod>(IReadOnlyCollection<TTestMethod?> testMethods)
        where TTestMethod : notnull, ITestMethod => Shuffle(testMethods, m => m?.UniqueID ?? "");

    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase => Shuffle(testCases, c => c.UniqueID);

    private static List<T> Shuffle<T>(IReadOnlyCollection<T> items, Func<T, string> id)
    {
        // From the stable order, with a seed mixed from the run's seed and the items, so every group gets its own order.
        var list = items.OrderBy(id, StringComparer.Ordinal).ToList();
        var mix = (uint)Randomizer.Seed;
        foreach (var c in string.Concat(list.Select(id)))
        {
            mix = (mix ^ c) * 16777619u;
        }

        var random = new Random((int)mix);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
