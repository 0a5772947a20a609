using System.Diagnostics;
using DotNet.Testcontainers.Builders;

namespace DynamoMcp.E2E.Tests.McpServers;

/// <summary>
/// K3s with what McpServers need: the CRDs (config/crd) and the operator's RBAC (config/rbac), the stdio front's
/// image built from images/stdio-front and imported into the node, and the operator running in the cluster — in the
/// .NET runtime image with its published build on a hostPath — so it reaches servers at their Service DNS names
/// through their NetworkPolicies, as it does when the chart installs it. Servers go into <see cref="Namespace"/>,
/// where the API server enforces Pod Security "restricted".
/// </summary>
public sealed class McpServerK3sFixture : IAsyncLifetime
{
    public const string Namespace = "e2e-mcp";
    public const string OperatorNamespace = "dynamo-mcp-system";
    public const string StdioFrontImage = "dynamo-mcp/stdio-front:e2e";

    // The operator has no image of its own yet; its framework-dependent build runs in the runtime image.
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string NodeOperatorDirectory = "/opt/dynamo-mcp/operator";

    private static readonly string[] OperatorRbacFiles =
    [
        "operator_service_account.yaml", "operator_role.yaml", "operator_role_binding.yaml", "leader_election_role.yaml", "leader_election_role_binding.yaml",
    ];

    private readonly string _publishDirectory = Path.Combine(Path.GetTempPath(), $"dynamo-mcp-operator-{Guid.NewGuid():N}");

    public K3sFixture Cluster { get; } = new();

    public string? SkipReason => Cluster.SkipReason;

    public async ValueTask InitializeAsync()
    {
        await Cluster.InitializeAsync();
        if (SkipReason is not null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        // The image build (NativeAOT inside Docker) and the operator's publish are independent: run them side by side.
        var front = BuildStdioFrontImageAsync(ct);
        var publish = PublishOperatorAsync(ct);
        await Cluster.ApplyAsync(string.Join("\n---\n", RepositoryFiles.Yaml("config/crd").Select(File.ReadAllText)), ct);
        await Cluster.KubectlAsync(["wait", "--for=condition=Established", "crd", "--all", "--timeout=120s"], ct);
        await Cluster.ApplyAsync(
            $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {OperatorNamespace}
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {Namespace}
              labels:
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: latest
            """,
            ct);
        await Cluster.ApplyAsync(string.Join("\n---\n", OperatorRbacFiles.Select(f => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "config/rbac", f)))), ct);

        await front;
        await Cluster.ImportImageAsync(StdioFrontImage, ct);
        await publish;
        await Cluster.CopyDirectoryAsync(_publishDirectory, NodeOperatorDirectory, ct);
        await Cluster.ApplyAsync(OperatorDeployment(), ct);
        await Cluster.KubectlAsync(["rollout", "status", "deployment/dynamo-mcp-operator", "-n", OperatorNamespace, "--timeout=300s"], ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(_publishDirectory))
        {
            Directory.Delete(_publishDirectory, recursive: true);
        }
    }

    private static async Task BuildStdioFrontImageAsync(CancellationToken cancellationToken)
    {
        var image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(RepositoryFiles.Root)
            .WithDockerfile("images/stdio-front/Dockerfile")
            .WithName(StdioFrontImage)
            .WithDeleteIfExists(false)
            .Build();
        await image.CreateAsync(cancellationToken);
    }

    private async Task PublishOperatorAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepositoryFiles.Root, "src", "Operator"), "-c", "Release", "-o", _publishDirectory, "-p:UseAppHost=false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("`dotnet publish` did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet publish src/Operator` exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    /// <summary>
    /// The operator as the chart runs it (its labels are the ones servers' NetworkPolicies let in), from the build
    /// copied onto the node. The chart's NetworkPolicies are not installed: only the servers' own are under test.
    /// </summary>
    private static string OperatorDeployment() =>
        $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: dynamo-mcp-operator
          namespace: {{OperatorNamespace}}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app.kubernetes.io/name: dynamo-mcp
              app.kubernetes.io/component: operator
          template:
            metadata:
              labels:
                app.kubernetes.io/name: dynamo-mcp
                app.kubernetes.io/component: operator
                app.kubernetes.io/part-of: dynamo-mcp
            spec:
              serviceAccountName: dynamo-mcp-operator
              automountServiceAccountToken: true
              securityContext:
                runAsNonRoot: true
                runAsUser: 65532
                runAsGroup: 65532
              containers:
                - name: operator
                  image: {{RuntimeImage}}
                  imagePullPolicy: IfNotPresent
                  # The copy may land as the directory or its contents: find the entry assembly either way.
                  command:
                    - sh
                    - -c
                    - >-
                      exec dotnet "$(find {{NodeOperatorDirectory}} -name DynamoMcp.Operator.dll | head -n 1)" run
                      --mcp-stdio-front-image {{StdioFrontImage}}
                      --mcp-platform-namespace {{OperatorNamespace}}
                      --leader-election-namespace {{OperatorNamespace}}
                  env:
                    - name: HOME
                      value: /tmp
                  ports:
                    - name: http
                      containerPort: 8080
                  readinessProbe:
                    httpGet:
                      path: /readyz
                      port: http
                    periodSeconds: 2
                  volumeMounts:
                    - name: operator
                      mountPath: {{NodeOperatorDirectory}}
                      readOnly: true
              volumes:
                - name: operator
                  hostPath:
                    path: {{NodeOperatorDirectory}}
                    type: Directory
        """;
}
