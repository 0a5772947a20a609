using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.Tests.V1Alpha1;

/// <summary>KubernetesJson (what the client sends) and KubernetesYaml (what people write) both carry every field.</summary>
public sealed class SerializationRoundTripTests
{
    private static readonly DateTime Time = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private static List<V1Condition> Ready() =>
    [
        new() { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = ConditionReasons.Succeeded, Message = "ok", ObservedGeneration = 2, LastTransitionTime = Time },
    ];

    private static Dictionary<string, object?> Free() => new()
    {
        ["text"] = "hello: world",
        ["number"] = 42L,
        ["ratio"] = 0.5,
        ["flag"] = true,
        ["nothing"] = null,
        ["quoted"] = "true",
        ["list"] = new List<object?> { "a", 1L, new Dictionary<string, object?> { ["b"] = false } },
        ["nested"] = new Dictionary<string, object?> { ["deep"] = new Dictionary<string, object?> { ["x"] = "1" } },
    };

    public static TheoryData<string> Samples => new(Objects().Keys);

    private static Dictionary<string, IKubernetesObject<V1ObjectMeta>> Objects() => new()
    {
        ["cct"] = new CookiecutterTemplate
        {
            Metadata = new V1ObjectMeta { Name = "pypackage", NamespaceProperty = "default", Generation = 2 },
            Spec = new CookiecutterTemplateSpec
            {
                Source = new TemplateSource { Git = new GitSource { Url = "https://github.com/audreyfeldroy/cookiecutter-pypackage", Ref = "main", Directory = "sub", SecretRef = new V1LocalObjectReference { Name = "git" } } },
                Description = "d",
                Tags = ["python"],
                VariableOverrides = [new VariableOverride { Name = "version", Default = "0.1.0", Hidden = true }, new VariableOverride { Name = "use_pytest", Default = true }],
                Hooks = new HookPolicy { Enabled = true },
                RefreshInterval = "1h",
                Suspend = false,
                Sandbox = new SandboxSettings
                {
                    TimeoutSeconds = 60,
                    RuntimeClassName = "gvisor",
                    Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") } },
                },
            },
            Status = new CookiecutterTemplateStatus
            {
                ObservedGeneration = 2,
                Conditions = Ready(),
                ResolvedRevision = "0123456789abcdef0123456789abcdef01234567",
                Variables =
                [
                    new TemplateVariable { Name = "project_name", Type = TemplateVariableType.String, Default = "Python Boilerplate", Description = "Name", Required = false },
                    new TemplateVariable { Name = "license", Type = TemplateVariableType.Choice, Choices = ["MIT", "BSD-3-Clause"], Default = "MIT" },
                    new TemplateVariable { Name = "project_slug", Type = TemplateVariableType.String, Default = "{{ cookiecutter.project_name.lower() }}", Derived = true },
                    new TemplateVariable { Name = "_extensions", Type = TemplateVariableType.Array, Default = new List<object?> { "jinja2_time.TimeExtension" }, Hidden = true },
                ],
                VariableCount = 4,
                InputSchema = Free(),
                LastInspected = Time,
            },
        },
        ["scf"] = new Scaffold
        {
            Metadata = new V1ObjectMeta { Name = "app" },
            Spec = new ScaffoldSpec
            {
                TemplateRef = new TemplateReference { Name = "pypackage", Namespace = "templates" },
                Variables = Free(),
                Output = new ScaffoldOutput { Inline = new InlineOutput { MaxSizeBytes = 1024 } },
                TtlSecondsAfterFinished = 60,
                TimeoutSeconds = 30,
            },
            Status = new ScaffoldStatus
            {
                Conditions = Ready(),
                Phase = ScaffoldPhase.Succeeded,
                Revision = "abc",
                Files = [new ScaffoldFile { Path = "README.md", Size = 12 }],
                FileCount = 1,
                Artifact = new ScaffoldArtifact { Kind = ArtifactKind.ConfigMap, Names = ["app-0"], Chunks = 1, Sha256 = new string('a', 64), Size = 100 },
                StartTime = Time,
                CompletionTime = Time.AddSeconds(5),
                Message = "rendered",
            },
        },
        ["mcps"] = new McpServer
        {
            Metadata = new V1ObjectMeta { Name = "everything" },
            Spec = new McpServerSpec
            {
                Image = "mcp/everything",
                Args = ["streamableHttp"],
                Env = [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "s", Key = "token" } } }],
                EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "cm" } }],
                Transport = McpTransport.StreamableHttp,
                Port = 3001,
                Path = "/mcp",
                Replicas = 2,
                ToolFilter = new ToolFilter { Allow = ["get_*"], Deny = ["delete"] },
                Egress = new EgressPolicy { Allow = [new EgressRule { Host = "api.github.com", Ports = [443] }, new EgressRule { Cidr = "10.0.0.0/8" }] },
                ImagePullSecrets = [new V1LocalObjectReference { Name = "pull" }],
                PodTemplate = new PodTemplateOverrides
                {
                    Labels = new Dictionary<string, string> { ["team"] = "a" },
                    Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                    ServiceAccountName = "sa",
                },
            },
            Status = new McpServerStatus
            {
                Conditions = Ready(),
                Phase = McpServerPhase.Running,
                Url = "http://everything.default.svc:3001/mcp",
                Replicas = 2,
                ReadyReplicas = 2,
                Selector = "app=everything",
                Tools = [new McpTool { Name = "echo", Description = "Echoes" }],
                ToolCount = 1,
            },
        },
        ["wf"] = new Workflow
        {
            Metadata = new V1ObjectMeta { Name = "wf" },
            Spec = new WorkflowSpec
            {
                Inputs = Free(),
                Steps =
                [
                    new WorkflowStep { Name = "render", Scaffold = new ScaffoldAction { TemplateRef = new TemplateReference { Name = "t" }, Variables = Free() } },
                    new WorkflowStep { Name = "check", DependsOn = ["render"], Retries = 1, TimeoutSeconds = 5, When = "${{ true }}", Container = new ContainerAction { Image = "python", Command = ["python"], Args = ["-V"], Env = [new V1EnvVar { Name = "A", Value = "1" }] } },
                    new WorkflowStep { Name = "call", DependsOn = ["check"], ToolCall = new ToolCallAction { Server = "everything", Tool = "echo", Arguments = Free() } },
                ],
                Outputs = new Dictionary<string, string> { ["rev"] = "${{ steps.render.outputs.revision }}" },
            },
            Status = new WorkflowStatus { Conditions = Ready(), ObservedGeneration = 1, StepCount = 3 },
        },
        ["wfr"] = new WorkflowRun
        {
            Metadata = new V1ObjectMeta { Name = "run" },
            Spec = new WorkflowRunSpec { WorkflowRef = new WorkflowReference { Name = "wf" }, Inputs = Free() },
            Status = new WorkflowRunStatus
            {
                Conditions = Ready(),
                Phase = WorkflowRunPhase.Running,
                Steps = [new WorkflowStepStatus { Name = "render", Phase = WorkflowStepPhase.Succeeded, Outputs = Free(), StartTime = Time, CompletionTime = Time, Attempts = 1, Child = "run-render-1a2b" }],
                Outputs = Free(),
                StartTime = Time,
                Message = "1/3 steps done",
            },
        },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Json_round_trip_preserves_every_field(string sample)
    {
        var original = Objects()[sample];
        var json = KubernetesJson.Serialize(original);

        var deserialize = typeof(KubernetesJson).GetMethods()
            .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(string))
            .MakeGenericMethod(original.GetType());
        var back = deserialize.Invoke(null, [json, null])!;

        KubernetesJson.Serialize(back).Should().Be(json);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Yaml_round_trip_preserves_every_field(string sample)
    {
        var original = Objects()[sample];
        var yaml = KubernetesYaml.Serialize(original);

        var back = KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type>(ResourceTypes.TypeMap)).Single();

        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(back)), JsonNode.Parse(KubernetesJson.Serialize(original)))
            .Should().BeTrue($"YAML was:\n{yaml}");
    }

    [Fact]
    public void Json_uses_the_wire_names_of_enums_and_free_form_values()
    {
        var server = (McpServer)Objects()["mcps"];
        var json = JsonNode.Parse(KubernetesJson.Serialize(server))!;

        json["apiVersion"]!.GetValue<string>().Should().Be("dynamo-mcp.io/v1alpha1");
        json["kind"]!.GetValue<string>().Should().Be("McpServer");
        json["spec"]!["transport"]!.GetValue<string>().Should().Be("streamable-http");
        json["status"]!["phase"]!.GetValue<string>().Should().Be("Running");

        var run = JsonNode.Parse(KubernetesJson.Serialize(Objects()["wfr"]))!;
        JsonNode.DeepEquals(run["spec"]!["inputs"], FreeForm.ToJsonNode(Free())).Should().BeTrue();
        run["spec"]!["inputs"]!["nothing"].Should().BeNull();
        ((JsonObject)run["spec"]!["inputs"]!).ContainsKey("nothing").Should().BeTrue("null inside free-form values is data");
    }

    [Fact]
    public void Free_form_values_read_from_json_are_plain_values()
    {
        var run = KubernetesJson.Deserialize<WorkflowRun>("""{"apiVersion":"dynamo-mcp.io/v1alpha1","kind":"WorkflowRun","spec":{"workflowRef":{"name":"w"},"inputs":{"n":1,"s":"x","l":[true],"o":{"k":null}}}}""");

        run.Spec.Inputs!["n"].Should().Be(1L);
        run.Spec.Inputs["s"].Should().Be("x");
        run.Spec.Inputs["l"].Should().BeEquivalentTo(new List<object?> { true });
        run.Spec.Inputs["o"].Should().BeEquivalentTo(new Dictionary<string, object?> { ["k"] = null });
    }
}
