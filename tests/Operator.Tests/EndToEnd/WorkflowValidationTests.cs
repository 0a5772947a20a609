using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>The operator validates Workflows into their status, as kubectl users and Argo CD read it.</summary>
public sealed class WorkflowValidationTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    private async Task<Workflow?> GetAsync(string name) => await new ResourceClient<Workflow>(Cluster.Client).GetAsync(new ObjectKey(Cluster.Namespace, name), Ct);

    [Fact]
    public async Task The_sample_is_Ready_with_a_warning_for_its_missing_template_and_server_and_kubectl_wait_sees_it()
    {
        var cluster = Cluster;
        var sample = Path.Combine(RepositoryRoot.Find(), "config", "samples", "dynamo-mcp.io_v1alpha1_workflow.yaml");
        var yaml = (await File.ReadAllTextAsync(sample, Ct)).Replace("namespace: default", $"namespace: {cluster.Namespace}", StringComparison.Ordinal);
        var file = Path.Combine(cluster.FixtureRoot, "workflow-sample.yaml");
        await File.WriteAllTextAsync(file, yaml, Ct);

        (await cluster.KubectlAsync(Ct, "apply", "-f", file)).ExitCode.Should().Be(0);
        var wait = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Ready", "wf/new-python-package", "--timeout=60s");

        wait.ExitCode.Should().Be(0, wait.ToString() + await cluster.DescribeAsync());
        var workflow = (await GetAsync("new-python-package"))!;
        workflow.Status.StepCount.Should().Be(3);
        var references = workflow.Status.Conditions.Find(ConditionTypes.ReferencesResolved)!;
        references.Status.Should().Be(ConditionStatus.False);
        references.Message.Should().Contain("CookiecutterTemplate pypackage").And.Contain("McpServer memory");
    }

    [Fact]
    public async Task A_workflow_with_a_cycle_and_a_bad_expression_is_Stalled_naming_both()
    {
        var cluster = Cluster;
        var file = Path.Combine(cluster.FixtureRoot, "workflow-invalid.yaml");
        await File.WriteAllTextAsync(file, $$$"""
            apiVersion: dynamo-mcp.io/v1alpha1
            kind: Workflow
            metadata:
              name: loops
              namespace: {{{cluster.Namespace}}}
            spec:
              steps:
                - name: a
                  dependsOn: [b]
                  container: {image: busybox}
                - name: b
                  dependsOn: [a]
                  when: "${{ steps.a.phase == }}"
                  container: {image: busybox}
            """, Ct);

        (await cluster.KubectlAsync(Ct, "apply", "-f", file)).ExitCode.Should().Be(0);
        var wait = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Stalled", "wf/loops", "--timeout=60s");

        wait.ExitCode.Should().Be(0, wait.ToString() + await cluster.DescribeAsync());
        var stalled = (await GetAsync("loops"))!.Status.Conditions.Find(ConditionTypes.Stalled)!;
        stalled.Reason.Should().Be(ConditionReasons.InvalidSpec);
        stalled.Message.Should().Contain("cycle a → b → a").And.Contain("steps[1] 'b'.when").And.Contain("not valid CEL");
    }
}
