using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>
/// A kind the server serves, as data: everything the generic handlers need to store, list, watch,
/// print and authorize it. Built-ins and custom resources are the same thing here.
/// </summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }

    /// <summary>Every version served; objects are stored once and handed out under any of them (no conversion).</summary>
    public required IReadOnlyList<string> Versions { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public bool HasStatus { get; init; }

    /// <summary>Pods serve <c>log</c>; namespaces <c>finalize</c>.</summary>
    public IReadOnlyList<string> ExtraSubresources { get; init; } = [];

    /// <summary>A kind that is only ever created and never stored, answered by a handler of its own (TokenReview).</summary>
    public bool CreateOnly { get; init; }

    /// <summary>Custom resources: no strategic merge patch; deletion returns the object.</summary>
    public bool IsCustom { get; init; }

    /// <summary>Legacy kinds (batch/v1 Job) whose dependents are orphaned when the client names no propagation policy.</summary>
    public bool OrphanByDefault { get; init; }

    /// <summary>Per served version: the CRD's openAPIV3Schema, null when none (built-ins).</summary>
    public IReadOnlyDictionary<string, JsonObject> Schemas { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>Per served version: the CRD's additionalPrinterColumns.</summary>
    public IReadOnlyDictionary<string, JsonArray> PrinterColumns { get; init; } = new Dictionary<string, JsonArray>();

    /// <summary>Whether DELETE answers with the object (pods, services, custom resources) rather than a Success Status, as apiserver does.</summary>
    public bool ReturnsDeletedObject => IsCustom || StorageKey is "/pods" or "/services" or "/persistentvolumeclaims";

    public string StorageKey => $"{Group}/{Plural}";

    public string ListKind => Kind + "List";

    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";

    public string PreferredVersion => Versions[0];

    public bool HasSubresource(string name) => (name == "status" && HasStatus) || ExtraSubresources.Contains(name);
}
