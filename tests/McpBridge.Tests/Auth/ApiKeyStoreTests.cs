using System.Text;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Tests.Auth;

public sealed class ApiKeyStoreTests
{
    private const string AliceKey = "dmcp_alice_key";
    private const string BobKey = "dmcp_bob_key";

    [Fact]
    public void The_hash_is_lower_case_hex_sha256_of_the_utf8_key()
    {
        // echo -n "abc" | sha256sum
        ApiKeyHash.Compute("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ApiKeyHash.Compute("é").Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("é"u8)));
    }

    [Fact]
    public void A_bad_entry_is_skipped_with_a_problem_naming_it_and_the_others_still_work()
    {
        var data = new Dictionary<string, byte[]>
        {
            ["alice"] = Entry($$"""{"sha256":"{{ApiKeyHash.Compute(AliceKey)}}","namespace":"team-a","groups":["devs"]}"""),
            ["broken"] = Encoding.UTF8.GetBytes("{\"sha256\": \"abc\", "),
            ["bob"] = Entry($$"""{"sha256":"{{ApiKeyHash.Compute(BobKey)}}","namespace":"team-b","user":"bob@example.com"}"""),
        };

        var parsed = ApiKeySecretParser.Parse(data);

        parsed.Keys.Select(k => k.Identity.Name).Should().Equal("alice", "bob");
        parsed.Problems.Should().ContainSingle().Which.Should()
            .Contain("'broken'").And.Contain("not a JSON object in the expected form").And.Contain("\"sha256\"").And.Contain("\"namespace\"");

        var store = Store();
        store.Load(data).Should().Be(2);
        var alice = store.Find(AliceKey)!;
        (alice.Name, alice.Namespace, alice.KubernetesUser).Should().Be(("alice", "team-a", "alice"));
        alice.KubernetesGroups.Should().Equal("devs");
        store.Find(BobKey)!.KubernetesUser.Should().Be("bob@example.com");
        store.Find(BobKey)!.Namespace.Should().Be("team-b");
        store.Find("dmcp_unknown").Should().BeNull();
    }

    [Theory]
    [InlineData("""{"sha256":"00","namespace":"x"}""", "64 hex digits")]
    [InlineData("""{"sha256":"zz00000000000000000000000000000000000000000000000000000000000000","namespace":"x"}""", "64 hex digits")]
    [InlineData("""{"sha256":"0000000000000000000000000000000000000000000000000000000000000000"}""", "\"namespace\" is missing")]
    [InlineData("null", "JSON null")]
    [InlineData("[1,2]", "not a JSON object in the expected form")]
    public void Each_kind_of_bad_entry_says_what_is_wrong(string value, string expected)
    {
        var parsed = ApiKeySecretParser.Parse([new("carol", Entry(value))]);

        parsed.Keys.Should().BeEmpty();
        parsed.Problems.Should().ContainSingle().Which.Should().Contain("'carol'").And.Contain(expected);
    }

    [Fact]
    public void Reloading_replaces_the_keys_so_a_revoked_key_stops_working()
    {
        var store = Store();
        store.Load([new("alice", Entry($$"""{"sha256":"{{ApiKeyHash.Compute(AliceKey)}}","namespace":"team-a"}"""))]);
        store.Find(AliceKey).Should().NotBeNull();

        store.Load([new("bob", Entry($$"""{"sha256":"{{ApiKeyHash.Compute(BobKey)}}","namespace":"team-b"}"""))]);

        store.Find(AliceKey).Should().BeNull();
        store.Find(BobKey)!.Name.Should().Be("bob");
    }

    private static byte[] Entry(string json) => Encoding.UTF8.GetBytes(json);

    private static ApiKeyStore Store() => new(
        new KubernetesClients(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }),
        Options.Create(new BridgeOptions()),
        NullLogger<ApiKeyStore>.Instance);
}
