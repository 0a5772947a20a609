using DynamoMcp.LocalCluster.Auth;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Tests.Auth;

public sealed class TokenValidatorTests
{
    private const string Issuer = ServiceAccountTokenIssuer.DefaultIssuer;

    private static readonly DateTimeOffset IssuedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ServiceAccountTokenClaims Claims(params string[] audiences) => new()
    {
        Issuer = Issuer,
        Audiences = audiences.Length == 0 ? ["dynamo-mcp-bridge"] : audiences,
        IssuedAt = IssuedAt,
        NotBefore = IssuedAt,
        Expires = IssuedAt.AddSeconds(3600),
        Namespace = "agents",
        ServiceAccountName = "agent",
        ServiceAccountUid = "sa-uid",
        PodName = "agent-pod",
        PodUid = "pod-uid",
        TokenId = "jti",
    };

    [Fact]
    public void A_token_within_its_lifetime_for_a_wanted_audience_holds_for_the_audiences_it_shares()
    {
        var check = TokenValidator.CheckClaims(Claims("dynamo-mcp-bridge", "other"), Issuer, ["x", "dynamo-mcp-bridge"], IssuedAt.AddMinutes(30));

        check.Authenticated.Should().BeTrue();
        check.Audiences.Should().Equal("dynamo-mcp-bridge");
        check.Error.Should().BeNull();
    }

    [Fact]
    public void An_expired_token_is_refused_after_the_leeway()
    {
        TokenValidator.CheckClaims(Claims(), Issuer, ["dynamo-mcp-bridge"], IssuedAt.AddSeconds(3600 + 30)).Authenticated.Should().BeTrue("within a minute of exp");

        var check = TokenValidator.CheckClaims(Claims(), Issuer, ["dynamo-mcp-bridge"], IssuedAt.AddSeconds(3600 + 61));

        check.Authenticated.Should().BeFalse();
        check.Error.Should().Contain("expired");
    }

    [Fact]
    public void A_token_not_yet_valid_is_refused()
    {
        var claims = Claims() with { NotBefore = IssuedAt.AddMinutes(10) };

        var check = TokenValidator.CheckClaims(claims, Issuer, ["dynamo-mcp-bridge"], IssuedAt);

        check.Authenticated.Should().BeFalse();
        check.Error.Should().Contain("not valid yet");
    }

    [Fact]
    public void A_token_for_another_audience_is_refused_naming_both()
    {
        var check = TokenValidator.CheckClaims(Claims(), Issuer, [Issuer], IssuedAt);

        check.Authenticated.Should().BeFalse();
        check.Error.Should().Contain("token audiences [\"dynamo-mcp-bridge\"] is invalid for the target audiences [\"" + Issuer + "\"]");
    }

    [Fact]
    public void A_token_of_another_issuer_is_refused()
    {
        var check = TokenValidator.CheckClaims(Claims() with { Issuer = "https://elsewhere" }, Issuer, ["dynamo-mcp-bridge"], IssuedAt);

        check.Authenticated.Should().BeFalse();
        check.Error.Should().Contain("issuer");
    }

    [Fact]
    public void A_bound_token_holds_only_while_its_service_account_and_pod_exist_with_their_uids()
    {
        var claims = Claims();
        var account = new BoundObjectState("sa-uid", false);
        var pod = new BoundObjectState("pod-uid", false);

        TokenValidator.CheckBoundObjects(claims, account, pod).Should().BeNull();
        TokenValidator.CheckBoundObjects(claims, null, pod).Should().Contain("serviceaccount \"agent\" not found");
        TokenValidator.CheckBoundObjects(claims, account with { Uid = "recreated" }, pod).Should().Contain("service account UID (recreated) does not match claim (sa-uid)");
        TokenValidator.CheckBoundObjects(claims, account, null).Should().Contain("pod \"agent-pod\" not found");
        TokenValidator.CheckBoundObjects(claims, account, pod with { Uid = "other" }).Should().Contain("pod UID (other) does not match claim (pod-uid)");
        TokenValidator.CheckBoundObjects(claims, account, pod with { Deleting = true }).Should().Contain("is being deleted");
        TokenValidator.CheckBoundObjects(claims with { PodName = null, PodUid = null }, account, null).Should().BeNull("a token bound to no pod needs none");
    }

    [Fact]
    public void Claims_read_back_as_written_and_carry_the_kubernetes_io_claim()
    {
        var json = Claims().ToJson();

        json["sub"]!.GetValue<string>().Should().Be("system:serviceaccount:agents:agent");
        json["kubernetes.io"]!["pod"]!["uid"]!.GetValue<string>().Should().Be("pod-uid");
        json["kubernetes.io"]!["serviceaccount"]!["name"]!.GetValue<string>().Should().Be("agent");
        ServiceAccountTokenClaims.FromJson(json).Should().BeEquivalentTo(Claims());
        json["sub"] = "system:serviceaccount:agents:someone-else";
        ServiceAccountTokenClaims.FromJson(json).Should().BeNull("sub must name the service account of the kubernetes.io claim");
    }

    [Fact]
    public void A_signed_token_decodes_and_any_change_to_it_is_refused()
    {
        using var key = ServiceAccountSigningKey.Create();
        var token = ServiceAccountJwt.Encode(Claims(), key);

        ServiceAccountJwt.Decode(token, key).Claims.Should().BeEquivalentTo(Claims());
        var parts = token.Split('.');
        var forged = Claims() with { Namespace = "kube-system", ServiceAccountName = "admin" };
        var tampered = parts[0] + "." + JwtBase64.Encode(System.Text.Encoding.UTF8.GetBytes(forged.ToJson().ToJsonString())) + "." + parts[2];
        ServiceAccountJwt.Decode(tampered, key).Error.Should().Contain("invalid bearer token");
        using var otherKey = ServiceAccountSigningKey.Create();
        ServiceAccountJwt.Decode(ServiceAccountJwt.Encode(Claims(), otherKey), key).Claims.Should().BeNull();
        ServiceAccountJwt.Decode("not-a-jwt", key).Claims.Should().BeNull();
    }

    [Theory]
    [InlineData(599, "less than 10 minutes")]
    [InlineData(600, null)]
    [InlineData(3600, null)]
    [InlineData(4294967296, null)]
    [InlineData(4294967297, "larger than 2^32 seconds")]
    public void Token_lifetimes_are_bounded_as_the_API_server_bounds_them(long seconds, string? problem)
    {
        if (problem is null)
        {
            TokenExpiration.Problem(seconds).Should().BeNull();
        }
        else
        {
            TokenExpiration.Problem(seconds).Should().Contain(problem);
        }
    }

    [Fact]
    public void A_pod_spec_with_a_too_short_projected_token_is_invalid()
    {
        var pod = System.Text.Json.Nodes.JsonNode.Parse("""
            {"spec":{"volumes":[{"name":"t","projected":{"sources":[{"configMap":{"name":"x"}},{"serviceAccountToken":{"audience":"a","expirationSeconds":100}}]}}]}}
            """)!.AsObject();

        var errors = TokenProjectionValidation.Validate(BuiltInResources.Pods, pod);

        errors.Select(e => e.Field).Should().BeEquivalentTo(
            "spec.volumes[0].projected.sources[1].serviceAccountToken.path",
            "spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds");
        errors.Should().Contain(e => e.Message == "Invalid value: 100: may not specify a duration less than 10 minutes");
    }

    [Fact]
    public void The_kubelet_renews_a_token_at_80_percent_of_its_lifetime_and_at_least_daily()
    {
        ProjectedVolumeWriter.RefreshAt(IssuedAt, IssuedAt.AddSeconds(3600)).Should().Be(IssuedAt.AddSeconds(2880));
        ProjectedVolumeWriter.RefreshAt(IssuedAt, IssuedAt.AddDays(365)).Should().Be(IssuedAt.AddHours(24));
    }
}
