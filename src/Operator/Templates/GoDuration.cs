using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamoMcp.Operator.Templates;

/// <summary>Parses durations in the Go format the CRDs accept (<c>90s</c>, <c>1h30m</c>, <c>0.5h</c>, <c>250ms</c>).</summary>
public static partial class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || !Whole().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in Part().Matches(text))
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return true;
    }

    [GeneratedRegex(Api.V1Alpha1.Durations.Pattern)]
    private static partial Regex Whole();

    [GeneratedRegex("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)")]
    private static partial Regex Part();
}
