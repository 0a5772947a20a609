namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>The identities the fixture registers: API key, namespace, Kubernetes user.</summary>
internal static class Tenants
{
    /// <param name="Role">The ClusterRole bound to the tenant's user in its namespace (BridgeFixture creates both).</param>
    public sealed record Tenant(string Name, string Namespace, string ApiKey, string Role = BridgeFixture.TenantRole);

    public static readonly Tenant Alice = new("alice", "team-a", "dmcp_alice_6f1e0c2b9a7d4e58");
    public static readonly Tenant Carol = new("carol", "team-a2", "dmcp_carol_0b8e71d35c2a4f96");
    public static readonly Tenant Bob = new("bob", "team-b", "dmcp_bob_93a4d2e1f7c05b68");
    public static readonly Tenant Flood = new("flood", "team-c", "dmcp_flood_5c7b2e9d1a3f8046");

    public static readonly Tenant Dave = new("dave", "team-d", "dmcp_dave_7d2a90c4e1b35f68");
    public static readonly Tenant Erin = new("erin", "team-e", "dmcp_erin_1e5f8b3a7c9d2046");

    /// <summary>Owns nothing, ever: tests of an empty namespace use it.</summary>
    public static readonly Tenant Frank = new("frank", "team-f", "dmcp_frank_8c3d5a1e9f7b2046");

    /// <summary>Reads project results, including ones the tests tamper with.</summary>
    public static readonly Tenant Grace = new("grace", "team-g", "dmcp_grace_4b9e2d7a1c6f3058");

    /// <summary>Adds, reads and removes MCP servers (McpServerToolTests).</summary>
    public static readonly Tenant Judy = new("judy", "team-j", "dmcp_judy_2f6a9c1e4b8d7035");

    /// <summary>May read MCP servers but not create or delete them: RBAC refusals of the registry tools.</summary>
    public static readonly Tenant Heidi = new("heidi", "team-h", "dmcp_heidi_9a3c5e7b1d2f4068", BridgeFixture.ServerViewerRole);

    /// <summary>Owns the gateway tests' McpServers (GatewayTests).</summary>
    public static readonly Tenant Ivan = new("ivan", "team-i", "dmcp_ivan_5e2b8d1f9c3a7046");

    /// <summary>Another tenant of the gateway tests: must neither see nor reach Ivan's servers.</summary>
    public static readonly Tenant Kate = new("kate", "team-k", "dmcp_kate_3a7c1e9b5d2f8064");

    /// <summary>Runs workflows (Workflows/): each test its own Workflow names, the fake operator writing the runs' status.</summary>
    public static readonly Tenant Wendy = new("wendy", "team-w", "dmcp_wendy_6d1f3b8a2e9c4057");

    /// <summary>Spawns and follows agents (Agents/): one ModelConfig, each test its own Agent names, the fake operator writing their status.</summary>
    public static readonly Tenant Agnes = new("agnes", "team-ag", "dmcp_agnes_8e2c4a6f1b3d9057");

    /// <summary>Has two ModelConfigs, so spawn_agent cannot pick one by itself (Agents/).</summary>
    public static readonly Tenant Otto = new("otto", "team-ao", "dmcp_otto_3c9f1e7a5b2d8064");

    public static IReadOnlyList<Tenant> All => [Alice, Carol, Bob, Flood, Dave, Erin, Frank, Grace, Judy, Heidi, Ivan, Kate, Wendy, Agnes, Otto];
}
