namespace DynamoMcp.LocalCluster.Resources;

/// <summary>The built-in kinds the server serves from the start.</summary>
internal static class BuiltInResources
{
    public static readonly ResourceType Namespaces = Core("Namespace", "namespaces", namespaced: false, status: true, shortNames: ["ns"], extra: ["finalize"]);

    public static readonly ResourceType Pods = Core("Pod", "pods", status: true, shortNames: ["po"], categories: ["all"], extra: ["log"]);

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io",
        Versions = ["v1"],
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Namespaced = false,
        HasStatus = true,
        ShortNames = ["crd", "crds"],
        Categories = ["api-extensions"],
    };

    public static readonly ResourceType Roles = Rbac("Role", "roles", namespaced: true);

    public static readonly ResourceType RoleBindings = Rbac("RoleBinding", "rolebindings", namespaced: true);

    public static readonly ResourceType ClusterRoles = Rbac("ClusterRole", "clusterroles", namespaced: false);

    public static readonly ResourceType ClusterRoleBindings = Rbac("ClusterRoleBinding", "clusterrolebindings", namespaced: false);

    public static readonly ResourceType Secrets = Core("Secret", "secrets");

    /// <summary>ServiceAccounts; their <c>token</c> subresource is the TokenRequest API (<see cref="Auth.TokenEndpoints"/>).</summary>
    public static readonly ResourceType ServiceAccounts = Core("ServiceAccount", "serviceaccounts", shortNames: ["sa"], extra: ["token"]);

    /// <summary>TokenReview: create only, nothing stored (<see cref="Auth.TokenEndpoints"/>).</summary>
    public static readonly ResourceType TokenReviews = Grouped("authentication.k8s.io", "TokenReview", "tokenreviews", namespaced: false) with { CreateOnly = true };

    public static readonly ResourceType Jobs = Grouped("batch", "Job", "jobs", status: true, categories: ["all"], orphanByDefault: true);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces,
        Pods,
        Core("ConfigMap", "configmaps", shortNames: ["cm"]),
        Secrets,
        Core("Service", "services", status: true, shortNames: ["svc"], categories: ["all"]),
        ServiceAccounts,
        Core("Event", "events", shortNames: ["ev"]),
        Core("Endpoints", "endpoints", shortNames: ["ep"]),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", status: true, shortNames: ["pvc"]),
        Grouped("events.k8s.io", "Event", "events", shortNames: ["ev"]),
        Jobs,
        Grouped("batch", "CronJob", "cronjobs", status: true, shortNames: ["cj"], categories: ["all"]),
        Grouped("apps", "Deployment", "deployments", status: true, shortNames: ["deploy"], categories: ["all"]),
        Grouped("apps", "ReplicaSet", "replicasets", status: true, shortNames: ["rs"], categories: ["all"]),
        Grouped("apps", "StatefulSet", "statefulsets", status: true, shortNames: ["sts"], categories: ["all"]),
        Grouped("coordination.k8s.io", "Lease", "leases"),
        Grouped("networking.k8s.io", "NetworkPolicy", "networkpolicies", shortNames: ["netpol"]),
        Roles,
        RoleBindings,
        ClusterRoles,
        ClusterRoleBindings,
        CustomResourceDefinitions,
        TokenReviews,
    ];

    private static ResourceType Core(string kind, string plural, bool namespaced = true, bool status = false,
        string[]? shortNames = null, string[]? categories = null, string[]? extra = null) =>
        Grouped("", kind, plural, namespaced, status, shortNames, categories, extra);

    private static ResourceType Rbac(string kind, string plural, bool namespaced) =>
        Grouped("rbac.authorization.k8s.io", kind, plural, namespaced);

    private static ResourceType Grouped(string group, string kind, string plural, bool namespaced = true, bool status = false,
        string[]? shortNames = null, string[]? categories = null, string[]? extra = null, bool orphanByDefault = false) => new()
        {
            Group = group,
            Versions = ["v1"],
            Kind = kind,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Namespaced = namespaced,
            HasStatus = status,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            ExtraSubresources = extra ?? [],
            OrphanByDefault = orphanByDefault,
        };
}
