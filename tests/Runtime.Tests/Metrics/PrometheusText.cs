using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamoMcp.Runtime.Tests.Metrics;

/// <summary>Reads samples out of Prometheus text exposition, ignoring extra labels (the exporter adds otel_scope_name).</summary>
internal static partial class PrometheusText
{
    /// <summary>The value of the first sample named <paramref name="name"/> that carries every label in <paramref name="labels"/>; null if none.</summary>
    public static double? Sample(string text, string name, params (string Label, string Value)[] labels)
    {
        foreach (Match match in SampleLine().Matches(text))
        {
            if (match.Groups["name"].Value != name)
            {
                continue;
            }

            var present = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value);
            if (labels.All(l => present.TryGetValue(l.Label, out var v) && v == l.Value))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>[^\"]*)\"")]
    private static partial Regex LabelPair();
}
