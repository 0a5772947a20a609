namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Requests per window for each key class (the seed's numbers by default).</summary>
public sealed class HourlyLimits
{
    public int Anonymous { get; set; } = 100;

    public int Keyed { get; set; } = 1_000;

    public int OpenSource { get; set; } = 5_000;

    public int For(ApiKeyClass keyClass) => keyClass switch
    {
        ApiKeyClass.Anonymous => Anonymous,
        ApiKeyClass.Keyed => Keyed,
        ApiKeyClass.OpenSource => OpenSource,
        _ => throw new ArgumentOutOfRangeException(nameof(keyClass), keyClass, "Unknown key class."),
    };
}
