namespace DynamoMcp.Api;

/// <summary>Names shared by the operator, the bridge and the tests.</summary>
public static class WellKnown
{
    public const string Group = "dynamo-mcp.io";

    public const string Version = "v1alpha1";

    /// <summary>The <c>apiVersion</c> of every Dynamo MCP resource.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The CRD category: <c>kubectl get dynamo</c> lists every Dynamo MCP resource.</summary>
    public const string Category = "dynamo";

    /// <summary>Value of <see cref="Labels.ManagedBy"/> on every child the operator creates.</summary>
    public const string ManagedByValue = "dynamo-mcp";

    /// <summary>Label keys.</summary>
    public static class Labels
    {
        public const string ManagedBy = "app.kubernetes.io/managed-by";

        public const string Name = "app.kubernetes.io/name";

        public const string Component = "app.kubernetes.io/component";

        /// <summary>
        /// The label that ties a child to its owner by kind: <c>dynamo-mcp.io/&lt;kind&gt;=&lt;owner name&gt;</c>,
        /// for example <c>dynamo-mcp.io/scaffold=my-app</c>. The kind is lower-cased so the key is a valid label key.
        /// </summary>
        public static string ForKind(string kind)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(kind);
            return $"{Group}/{kind.ToLowerInvariant()}";
        }

        /// <summary>Labels every child carries: managed-by plus the owner-kind label.</summary>
        public static IReadOnlyDictionary<string, string> ForChildOf(string ownerKind, string ownerName) =>
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ManagedBy] = ManagedByValue,
                [ForKind(ownerKind)] = ownerName,
            };
    }

    /// <summary>Annotation keys.</summary>
    public static class Annotations
    {
        /// <summary>Hash of the desired spec a child was built from; a child whose hash differs is replaced.</summary>
        public const string SpecHash = Group + "/spec-hash";

        /// <summary>Set (to any new value, usually a timestamp) to ask for an immediate refresh, like Flux's reconcile.fluxcd.io/requestedAt.</summary>
        public const string RefreshRequestedAt = Group + "/refresh-requested-at";
    }
}
