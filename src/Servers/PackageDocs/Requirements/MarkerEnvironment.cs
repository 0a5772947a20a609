namespace DynamoMcp.PackageDocs.Requirements;

/// <summary>
/// What is known about the target interpreter when a PEP 508 marker is evaluated. A variable without a value (the
/// platform, usually) makes a comparison unknown rather than false: the answer then holds "on some platforms".
/// </summary>
public sealed record MarkerEnvironment(string? PythonVersion, IReadOnlyCollection<string> Extras, IReadOnlyDictionary<string, string> Values)
{
    public static MarkerEnvironment ForPython(string? pythonVersion, params string[] extras) =>
        new(pythonVersion, extras, new Dictionary<string, string>());

    /// <summary>The value of a marker variable, or null when unknown.</summary>
    public string? Get(string variable)
    {
        if (Values.TryGetValue(variable, out var value))
        {
            return value;
        }

        return variable switch
        {
            "python_version" when PythonVersion is not null => MajorMinor(PythonVersion),
            "python_full_version" when PythonVersion is not null => PythonVersion,
            "implementation_name" => "cpython",
            "platform_python_implementation" => "CPython",
            _ => null,
        };
    }

    private static string MajorMinor(string v)
    {
        var parts = v.Split('.');
        return parts.Length >= 2 ? parts[0] + "." + parts[1] : v;
    }
}
