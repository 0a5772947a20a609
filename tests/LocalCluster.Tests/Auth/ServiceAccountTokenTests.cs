using System.Net;
using System.Text;
using System.Text.Json;
using DynamoMcp.Api.Agents;
using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Auth;

/// <summary>Projected service-account tokens in Job pods, and the TokenReview that checks them, as the MCP bridge will.</summary>
public sealed class ServiceAccountTokenTests
{
    /// <summary>The agents' contract with the operator: the bridge credential's audience and path.</summary>
    private const string Audience = AgentRuntimeContract.TokenAudience;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_pod_reads_its_projected_token_which_a_token_review_authenticates_until_the_pod_is_deleted()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount volumes at their paths");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var account = await CreateServiceAccountAsync(cluster, "agent");
        var job = TokenJob("reads-token", "agent", $"cat {AgentRuntimeContract.TokenPath}; echo; ls -l {AgentRuntimeContract.TokenPath} | cut -c1-10");

        var (_, log) = await cluster.RunToEndAsync(job, "Complete", Token);

        var lines = log.Split('\n');
        var token = lines[0];
        token.Split('.').Should().HaveCount(3, "the file holds a JWT");
        lines[1].Should().Be("-rw-r--r--", "the files are 0644 (defaultMode 420), on a read-only bind");
        var header = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[0])).RootElement;
        header.GetProperty("alg").GetString().Should().Be("RS256");
        header.GetProperty("kid").GetString().Should().NotBeNullOrEmpty();
        var claims = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1])).RootElement;
        var pod = (await cluster.PodsAsync("reads-token", Token)).Single();
        claims.GetProperty("sub").GetString().Should().Be($"system:serviceaccount:{cluster.Namespace}:agent");
        claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()).Should().Equal(Audience);
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).Should().Be(3600);
        claims.GetProperty("kubernetes.io").GetProperty("pod").GetProperty("uid").GetString().Should().Be(pod.Uid());
        claims.GetProperty("kubernetes.io").GetProperty("serviceaccount").GetProperty("uid").GetString().Should().Be(account.Uid());

        var review = await ReviewAsync(cluster.Client, token, Audience);
        review.Authenticated.Should().BeTrue(review.Error);
        review.User.Username.Should().Be($"system:serviceaccount:{cluster.Namespace}:agent");
        review.User.Uid.Should().Be(account.Uid());
        review.User.Groups.Should().Equal("system:serviceaccounts", $"system:serviceaccounts:{cluster.Namespace}", "system:authenticated");
        review.User.Extra["authentication.kubernetes.io/pod-name"].Should().Equal(pod.Name());
        review.User.Extra["authentication.kubernetes.io/pod-uid"].Should().Equal(pod.Uid());
        review.Audiences.Should().Equal(Audience);

        var wrongAudience = await ReviewAsync(cluster.Client, token, "someone-else");
        wrongAudience.Authenticated.Should().NotBe(true);
        wrongAudience.Error.Should().Contain("audiences");
        var apiServerAudience = await ReviewAsync(cluster.Client, token);
        apiServerAudience.Authenticated.Should().NotBe(true, "without audiences the review asks for the API server's own");

        var parts = token.Split('.');
        var forged = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace($":{cluster.Namespace}:agent", $":{cluster.Namespace}:admin", StringComparison.Ordinal);
        var tampered = await ReviewAsync(cluster.Client, $"{parts[0]}.{Base64UrlEncode(Encoding.UTF8.GetBytes(forged))}.{parts[2]}", Audience);
        tampered.Authenticated.Should().NotBe(true);
        tampered.Error.Should().Contain("invalid bearer token");

        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("reads-token", cluster.Namespace, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: Token);
        await JobRunnerCluster.WaitAsync(async ct => await cluster.PodsAsync("reads-token", ct), p => p?.Count == 0, Token);
        var afterDeletion = await ReviewAsync(cluster.Client, token, Audience);
        afterDeletion.Authenticated.Should().NotBe(true, "deleting the pod revokes its token");
        afterDeletion.Error.Should().Contain($"pod \"{pod.Name()}\" not found");
    }

    [Fact]
    public async Task A_pod_whose_service_account_does_not_exist_does_not_run_and_says_why()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var job = TokenJob("no-account", "ghost", "echo ran");

        await cluster.CreateAsync(job, Token);
        var failed = await cluster.WaitForConditionAsync("no-account", "Failed", Token);

        failed.Status.Succeeded.GetValueOrDefault().Should().Be(0);
        var pod = (await cluster.PodsAsync("no-account", Token)).Single();
        pod.Status.Phase.Should().Be("Failed");
        pod.Status.Reason.Should().Be("CreateContainerConfigError");
        pod.Status.Message.Should().Be($"error looking up service account {cluster.Namespace}/ghost: serviceaccount \"ghost\" not found");
        (await cluster.LogAsync(pod.Name(), "main", Token)).Should().NotContain("ran");
    }

    [Fact]
    public async Task A_projected_token_shorter_than_ten_minutes_is_refused_when_the_job_is_created()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var job = TokenJob("short", "default", "true", expirationSeconds: 60);

        var (code, status) = await TestCluster.FailureOf(() => cluster.CreateAsync(job, Token));

        code.Should().Be((HttpStatusCode)422);
        status.GetProperty("message").GetString().Should().Contain(
            "spec.template.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes");
    }

    [Fact]
    public async Task Projected_configmap_secret_and_downward_api_sources_land_at_their_paths()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount volumes at their paths");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["model"] = "gpt", ["unused"] = "x" } },
            cluster.Namespace, cancellationToken: Token);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "keys" }, Data = new Dictionary<string, byte[]> { ["api-key"] = "s3cret"u8.ToArray() } },
            cluster.Namespace, cancellationToken: Token);
        var main = JobRunnerCluster.Shell(
            "cat /config/conf/model.txt; echo; cat /config/secret/key; echo; cat /config/pod/name; echo; ls /config | tr '\\n' ' '; echo; " +
            "(echo x > /config/conf/model.txt) 2>/dev/null && echo writable || echo read-only");
        main.VolumeMounts = [new V1VolumeMount { Name = "all-in-one", MountPath = "/config" }];
        var job = JobRunnerCluster.Job("projected", main);
        job.Spec.Template.Spec.Volumes =
        [
            new V1Volume
            {
                Name = "all-in-one",
                Projected = new V1ProjectedVolumeSource
                {
                    Sources =
                    [
                        new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "settings", Items = [new V1KeyToPath { Key = "model", Path = "conf/model.txt" }] } },
                        new V1VolumeProjection { Secret = new V1SecretProjection { Name = "keys", Items = [new V1KeyToPath { Key = "api-key", Path = "secret/key" }] } },
                        new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "pod/name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } }] } },
                    ],
                },
            },
        ];

        var (_, log) = await cluster.RunToEndAsync(job, "Complete", Token);

        var pod = (await cluster.PodsAsync("projected", Token)).Single();
        log.Should().Be($"gpt\ns3cret\n{pod.Name()}\nconf pod secret \nread-only\n");
    }

    [Fact]
    public async Task A_token_request_without_a_pod_is_bound_to_the_service_account_alone()
    {
        await using var server = await TestCluster.StartAsync();
        var client = server.CreateClient();
        var account = await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "bridge" } }, "default", cancellationToken: Token);

        var issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [Audience], ExpirationSeconds = 600 } }, "bridge", "default", cancellationToken: Token);

        issued.Status.ExpirationTimestamp.Should().BeCloseTo(DateTime.UtcNow.AddSeconds(600), TimeSpan.FromSeconds(30));
        var review = await ReviewAsync(client, issued.Status.Token, Audience);
        review.Authenticated.Should().BeTrue(review.Error);
        review.User.Username.Should().Be("system:serviceaccount:default:bridge");
        review.User.Extra.Should().NotContainKey("authentication.kubernetes.io/pod-name");

        await client.CoreV1.DeleteNamespacedServiceAccountAsync("bridge", "default", cancellationToken: Token);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "bridge" } }, "default", cancellationToken: Token);
        var recreated = await ReviewAsync(client, issued.Status.Token, Audience);
        recreated.Authenticated.Should().NotBe(true);
        recreated.Error.Should().Contain($"does not match claim ({account.Uid()})");

        var (code, _) = await TestCluster.FailureOf(() => client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [Audience] } }, "nobody", "default", cancellationToken: Token));
        code.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tokens_survive_a_restart_on_the_same_data_directory_and_the_key_is_published()
    {
        var directory = Directory.CreateTempSubdirectory("sa-key-").FullName;
        try
        {
            string token;
            await using (var first = await LocalClusterServer.StartAsync(new LocalClusterOptions { DataDirectory = directory }, ct: Token))
            {
                var client = first.CreateClient();
                await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "bridge" } }, "default", cancellationToken: Token);
                token = (await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
                    new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [Audience] } }, "bridge", "default", cancellationToken: Token)).Status.Token;
            }

            File.Exists(Path.Combine(directory, "sa-signing-key.pem")).Should().BeTrue();
            await using var second = await LocalClusterServer.StartAsync(new LocalClusterOptions { DataDirectory = directory }, ct: Token);
            (await ReviewAsync(second.CreateClient(), token, Audience)).Authenticated.Should().BeTrue();

            using var http = new HttpClient { BaseAddress = second.BaseUri };
            var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(".well-known/openid-configuration", UriKind.Relative), Token)).RootElement;
            discovery.GetProperty("issuer").GetString().Should().Be("https://kubernetes.default.svc.cluster.local");
            var keys = JsonDocument.Parse(await http.GetStringAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!), Token)).RootElement;
            var kid = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[0])).RootElement.GetProperty("kid").GetString();
            keys.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Should().Equal(kid);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Token_reviews_are_discoverable_and_create_only()
    {
        await using var server = await TestCluster.StartAsync();
        var client = server.CreateClient();

        var resources = await client.GetAPIResourcesAsync("authentication.k8s.io", "v1", Token);
        // The group's discovery lists tokenreviews with the one verb it has.
        var review = resources.Resources.Should().ContainSingle(r => r.Name == "tokenreviews").Subject;
        review.Kind.Should().Be("TokenReview");
        review.Verbs.Should().Equal("create");
        review.Namespaced.Should().BeFalse();
        var core = await client.CoreV1.GetAPIResourcesAsync(Token);
        core.Resources.Should().Contain(r => r.Name == "serviceaccounts/token" && r.Kind == "TokenRequest" && r.Group == "authentication.k8s.io");
        var unauthenticated = await ReviewAsync(client, "garbage", Audience);
        unauthenticated.Authenticated.Should().NotBe(true);
        unauthenticated.Error.Should().Contain("invalid bearer token");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        (await http.GetAsync(new Uri("apis/authentication.k8s.io/v1/tokenreviews", UriKind.Relative), Token)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    private static V1Job TokenJob(string name, string serviceAccount, string script, long? expirationSeconds = null)
    {
        var main = JobRunnerCluster.Shell(script);
        main.VolumeMounts = [new V1VolumeMount { Name = "bridge-token", MountPath = Path.GetDirectoryName(AgentRuntimeContract.TokenPath), ReadOnlyProperty = true }];
        var job = JobRunnerCluster.Job(name, main);
        job.Spec.Template.Spec.ServiceAccountName = serviceAccount;
        job.Spec.Template.Spec.Volumes =
        [
            new V1Volume
            {
                Name = "bridge-token",
                Projected = new V1ProjectedVolumeSource
                {
                    Sources = [new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Audience = Audience, ExpirationSeconds = expirationSeconds, Path = Path.GetFileName(AgentRuntimeContract.TokenPath) } }],
                },
            },
        ];
        return job;
    }

    private static async Task<V1ServiceAccount> CreateServiceAccountAsync(JobRunnerCluster cluster, string name) =>
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, cluster.Namespace, cancellationToken: Token);

    private static async Task<V1TokenReviewStatus> ReviewAsync(IKubernetes client, string token, params string[] audiences)
    {
        var review = await client.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = audiences.Length == 0 ? null : audiences } }, cancellationToken: Token);
        return review.Status;
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
