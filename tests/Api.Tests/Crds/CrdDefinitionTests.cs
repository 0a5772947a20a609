using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.Tests.Crds;

public sealed class CrdDefinitionTests
{
    public static TheoryData<string> Kinds => new(CrdGenerator.Kinds.Select(k => k.Kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Crd_has_names_category_status_and_printer_columns(string kind)
    {
        var crd = CrdGenerator.GenerateAll().Single(c => c.Spec.Names.Kind == kind);

        crd.ApiVersion.Should().Be("apiextensions.k8s.io/v1");
        crd.Metadata.Name.Should().Be($"{crd.Spec.Names.Plural}.{WellKnown.Group}");
        crd.Spec.Group.Should().Be(WellKnown.Group);
        crd.Spec.Scope.Should().Be("Namespaced");
        crd.Spec.Names.Categories.Should().Equal(WellKnown.Category);
        crd.Spec.Names.ShortNames.Should().ContainSingle().Which.Should().MatchRegex("^[a-z]{2,5}$");
        crd.Spec.Names.ListKind.Should().Be(kind + "List");
        var version = crd.Spec.Versions.Should().ContainSingle().Subject;
        version.Name.Should().Be(WellKnown.Version);
        version.Served.Should().BeTrue();
        version.Storage.Should().BeTrue();
        version.Subresources.Status.Should().NotBeNull();
        version.AdditionalPrinterColumns.Select(c => c.Name).Should().Contain(["Ready", "Age"]);
        version.AdditionalPrinterColumns.Single(c => c.Name == "Ready").JsonPath.Should().Be(".status.conditions[?(@.type==\"Ready\")].status");
        version.AdditionalPrinterColumns.Single(c => c.Name == "Age").Should().BeEquivalentTo(new { Type = "date", JsonPath = ".metadata.creationTimestamp" });
        version.AdditionalPrinterColumns.Last().Name.Should().Be("Age", "kubectl convention puts Age last");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Printer_columns_point_at_fields_the_schema_has(string kind)
    {
        var info = CrdGenerator.Kinds.Single(k => k.Kind == kind);
        var schema = CrdGenerator.GenerateSchema(info);

        foreach (var column in info.PrinterColumns.Where(c => !c.JsonPath.StartsWith(".metadata", StringComparison.Ordinal)))
        {
            var node = schema;
            foreach (var segment in column.JsonPath.TrimStart('.').Split('[')[0].Split('.'))
            {
                node = node["properties"]?[segment] as System.Text.Json.Nodes.JsonObject
                    ?? node["items"]?["properties"]?[segment] as System.Text.Json.Nodes.JsonObject;
                node.Should().NotBeNull($"column {column.Name} reads {column.JsonPath}");
            }

            if (column.Type == "integer")
            {
                node!["type"]!.GetValue<string>().Should().Be("integer");
            }
        }
    }

    [Fact]
    public void Short_names_are_the_documented_ones()
    {
        CrdGenerator.Kinds.ToDictionary(k => k.Kind, k => k.ShortNames.Single()).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["CookiecutterTemplate"] = "cct",
            ["Scaffold"] = "scf",
            ["McpServer"] = "mcps",
            ["Workflow"] = "wf",
            ["WorkflowRun"] = "wfr",
            ["ModelConfig"] = "mc",
            ["Agent"] = "ag",
        });
    }

    [Fact]
    public void McpServer_has_a_scale_subresource_for_autoscalers()
    {
        var crd = CrdGenerator.GenerateAll().Single(c => c.Spec.Names.Kind == "McpServer");

        crd.Spec.Versions[0].Subresources.Scale.Should().BeEquivalentTo(new
        {
            SpecReplicasPath = ".spec.replicas",
            StatusReplicasPath = ".status.replicas",
            LabelSelectorPath = ".status.selector",
        });
    }

    [Fact]
    public void Cross_field_rules_are_cel_validations()
    {
        string Rules(string kind, params string[] path)
        {
            System.Text.Json.Nodes.JsonNode? node = CrdGenerator.GenerateSchema(CrdGenerator.Kinds.Single(k => k.Kind == kind));
            foreach (var segment in path)
            {
                node = segment == "*" ? node!["items"] : node!["properties"]![segment];
            }

            return node!["x-kubernetes-validations"]!.ToJsonString();
        }

        Rules("CookiecutterTemplate", "spec", "source").Should().Contain("has(self.git) != has(self.archive)");
        Rules("Workflow", "spec", "steps", "*").Should().Contain("has(self.toolCall)");
        Rules("Workflow", "spec").Should().Contain("dependsOn");
        Rules("Scaffold", "spec").Should().Contain("self == oldSelf");
    }
}
