namespace DynamoMcp.Api.V1Alpha1;

/// <summary>Duration strings as Go's time.ParseDuration accepts them (the format Flux and Argo CD users know).</summary>
public static class Durations
{
    /// <summary>One or more number+unit pairs, for example <c>90s</c>, <c>1h30m</c>, <c>0.5h</c>.</summary>
    public const string Pattern = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
}
