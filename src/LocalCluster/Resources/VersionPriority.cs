namespace DynamoMcp.LocalCluster.Resources;

/// <summary>Kubernetes version ordering: GA before beta before alpha, higher numbers first, others last.</summary>
internal static class VersionPriority
{
    public static string SortKey(string version)
    {
        var m = System.Text.RegularExpressions.Regex.Match(version, "^v(\\d+)(?:(alpha|beta)(\\d+))?$");
        if (!m.Success)
        {
            return "9" + version;
        }
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0 ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return $"{stage}{999 - major:D3}{999 - minor:D3}";
    }
}
