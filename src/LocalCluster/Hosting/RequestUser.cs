namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>Who a request acts as: the admin (no impersonation) or an impersonated user and groups, judged by RBAC.</summary>
internal sealed record RequestUser(string Name, IReadOnlyList<string> Groups, bool IsAdmin)
{
    public static readonly RequestUser Admin = new("admin", ["system:masters", "system:authenticated"], true);
}
