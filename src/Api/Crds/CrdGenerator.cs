using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.Crds;

/// <summary>Generates the CustomResourceDefinitions of every Dynamo MCP kind from the C# types.</summary>
public static class CrdGenerator
{
    public static IReadOnlyList<CrdKindInfo> Kinds { get; } =
    [
        Kind<CookiecutterTemplate>(CookiecutterTemplate.KubeKind, CookiecutterTemplate.KubePlural, ["cct"],
        [
            Ready(), Reason(),
            Column("Revision", "string", ".status.resolvedRevision", "Resolved commit or archive digest."),
            Column("Variables", "integer", ".status.variableCount", "Number of template variables."),
            Column("Source", "string", ".spec.source.git.url", "Git URL of the template.", priority: 1),
            Age(),
        ]),
        Kind<Scaffold>(Scaffold.KubeKind, Scaffold.KubePlural, ["scf"],
        [
            Column("Template", "string", ".spec.templateRef.name", "The template rendered."),
            Column("Phase", "string", ".status.phase", "Pending, Running, Succeeded or Failed."),
            Ready(),
            Column("Files", "integer", ".status.fileCount", "Number of rendered files.", priority: 1),
            Column("Revision", "string", ".status.revision", "Template revision rendered.", priority: 1),
            Column("Output", "string", ".status.artifact.kind", "Where the project went: ConfigMap, Git or S3.", priority: 1),
            Column("Update-From", "string", ".spec.updateFrom.name", "The earlier Scaffold this one updates.", priority: 1),
            Age(),
        ]),
        Kind<McpServer>(McpServer.KubeKind, McpServer.KubePlural, ["mcps"],
        [
            Column("Transport", "string", ".spec.transport", "stdio, streamable-http or sse."),
            Ready(),
            Column("Replicas", "integer", ".status.readyReplicas", "Ready pods."),
            Column("Tools", "integer", ".status.toolCount", "Offered tools."),
            Column("URL", "string", ".status.url", "In-cluster MCP endpoint.", priority: 1),
            Age(),
        ],
        new V1CustomResourceSubresourceScale
        {
            SpecReplicasPath = ".spec.replicas",
            StatusReplicasPath = ".status.replicas",
            LabelSelectorPath = ".status.selector",
        }),
        Kind<Workflow>(Workflow.KubeKind, Workflow.KubePlural, ["wf"],
        [
            Column("Steps", "integer", ".status.stepCount", "Number of steps."),
            Ready(), Reason(), Age(),
        ]),
        Kind<WorkflowRun>(WorkflowRun.KubeKind, WorkflowRun.KubePlural, ["wfr"],
        [
            Column("Workflow", "string", ".spec.workflowRef.name", "The workflow run."),
            Column("Phase", "string", ".status.phase", "Pending, Running, Succeeded or Failed."),
            Column("Progress", "string", ".status.progress", "Finished steps of all steps."),
            Ready(), Reason(), Age(),
        ]),
        Kind<ModelConfig>(ModelConfig.KubeKind, ModelConfig.KubePlural, ["mc"],
        [
            Column("Provider", "string", ".spec.provider", "openai or anthropic."),
            Column("Model", "string", ".spec.model", "The model."),
            Ready(),
            Column("Endpoint", "string", ".status.endpoint", "The endpoint agents call.", priority: 1),
            Age(),
        ]),
        Kind<Agent>(Agent.KubeKind, Agent.KubePlural, ["ag"],
        [
            Column("Parent", "string", ".spec.parentRef.name", "The agent that spawned it."),
            Column("Phase", "string", ".status.phase", "Pending, Running, Succeeded, Failed or Terminated."),
            Column("Depth", "integer", ".status.budget.depth", "Depth in the tree (1: a root agent)."),
            Column("Turns", "integer", ".status.usage.turns", "Model calls made."),
            Column("Tokens", "integer", ".status.subtreeTokens", "Tokens it and its descendants spent."),
            Ready(), Reason(),
            Column("Model", "string", ".spec.modelConfigRef.name", "The ModelConfig.", priority: 1),
            Age(),
        ]),
    ];

    public static IReadOnlyList<V1CustomResourceDefinition> GenerateAll() => Kinds.Select(Generate).ToList();

    /// <summary>The openAPIV3Schema of a kind, as the schema engine and LocalCluster consume it.</summary>
    public static JsonObject GenerateSchema(CrdKindInfo kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return CrdSchemaBuilder.Build(kind.EntityType, kind.Description);
    }

    public static V1CustomResourceDefinition Generate(CrdKindInfo kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var schema = KubernetesJson.Deserialize<V1JSONSchemaProps>(GenerateSchema(kind).ToJsonString());
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = kind.CrdName,
                Labels = new Dictionary<string, string>
                {
                    [WellKnown.Labels.Name] = WellKnown.ManagedByValue,
                    ["app.kubernetes.io/part-of"] = WellKnown.ManagedByValue,
                },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = WellKnown.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = kind.Kind,
                    ListKind = kind.Kind + "List",
                    Plural = kind.Plural,
                    Singular = kind.Singular,
                    ShortNames = kind.ShortNames.ToList(),
                    Categories = [WellKnown.Category],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = WellKnown.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
                        Subresources = new V1CustomResourceSubresources { Status = new JsonObject(), Scale = kind.Scale },
                        AdditionalPrinterColumns = kind.PrinterColumns.ToList(),
                    },
                ],
            },
        };
    }

    private static CrdKindInfo Kind<T>(
        string kind,
        string plural,
        string[] shortNames,
        V1CustomResourceColumnDefinition[] columns,
        V1CustomResourceSubresourceScale? scale = null) =>
        new(typeof(T), kind, plural, shortNames, typeof(T).GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{typeof(T).Name} needs a [Description] for its CRD."), columns, scale);

    private static V1CustomResourceColumnDefinition Ready() =>
        Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the resource is ready.");

    private static V1CustomResourceColumnDefinition Reason() =>
        Column("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", "Why it is (not) ready.");

    private static V1CustomResourceColumnDefinition Age() =>
        Column("Age", "date", ".metadata.creationTimestamp", "Time since creation.");

    private static V1CustomResourceColumnDefinition Column(string name, string type, string jsonPath, string description, int priority = 0) =>
        new() { Name = name, Type = type, JsonPath = jsonPath, Description = description, Priority = priority == 0 ? null : priority };
}
