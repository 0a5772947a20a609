using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Web;
using DynamoMcp.Generator.Tests.Running;

namespace DynamoMcp.Generator.Tests.Deliver;

/// <summary>
/// `deliver s3` against a real S3-compatible server (s3rver behind a SigV4-verifying wrapper, <see cref="S3rverProcess"/>):
/// what it uploaded is read back through the pre-signed URL with a plain HttpClient and from s3rver's store.
/// </summary>
public sealed class DeliverS3Tests : DeliverTestBase, IAsyncLifetime
{
    private const string AccessKeyId = "AKIADYNAMOTEST0001";
    private const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYdynamoTEST";
    private const string Bucket = "scaffolds";

    private S3rverProcess s3 = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(S3rverProcess.MissingPrerequisite is not null, S3rverProcess.MissingPrerequisite ?? "");
        s3 = await S3rverProcess.StartAsync(Path.Combine(Temp, "s3"), [Bucket], AccessKeyId, SecretAccessKey, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (s3 is not null)
        {
            await s3.DisposeAsync();
        }
    }

    private string Secret(string secretAccessKey = SecretAccessKey, string accessKeyId = AccessKeyId, string? sessionToken = null)
    {
        var keys = new Dictionary<string, string> { ["accessKeyId"] = accessKeyId, ["secretAccessKey"] = secretAccessKey };
        if (sessionToken is not null)
        {
            keys["sessionToken"] = sessionToken;
        }

        return WriteSecret(keys);
    }

    private Task<GeneratorRun> UploadAsync(string secret, (string Path, string Sha256) archive, string bucket, string key, string endpoint, params string[] extra) =>
        DeliverAsync(secret, ["s3", "--archive-file", archive.Path, "--archive-sha256", archive.Sha256, "--bucket", bucket, "--key", key, "--endpoint", endpoint, .. extra]);

    [Fact]
    public async Task The_archive_is_uploaded_checked_and_downloadable_through_the_presigned_url()
    {
        var archive = WriteArchive();
        const string key = "runs/demo project+1/proj.tar.gz";

        var run = await UploadAsync(Secret(), archive, Bucket, key, s3.Endpoint);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("DeliverResult");
        var bytes = await File.ReadAllBytesAsync(archive.Path, Cancellation);
        run.Result.GetProperty("version").GetInt32().Should().Be(1);
        run.Result.GetProperty("output").GetString().Should().Be("s3");
        run.Result.GetProperty("bucket").GetString().Should().Be(Bucket);
        run.Result.GetProperty("key").GetString().Should().Be(key);
        run.Result.GetProperty("endpoint").GetString().Should().Be(s3.Endpoint);
        run.Result.GetProperty("region").GetString().Should().Be("us-east-1");
        run.Result.GetProperty("size").GetInt64().Should().Be(bytes.Length);
        run.Result.GetProperty("sha256").GetString().Should().Be(archive.Sha256);
        run.Result.GetProperty("etag").GetString().Should().Be(Convert.ToHexStringLower(MD5.HashData(bytes)));
        (await File.ReadAllBytesAsync(s3.ObjectFile(Bucket, key), Cancellation)).Should().Equal(bytes);

        var url = new Uri(run.Result.GetProperty("url").GetString()!);
        url.GetLeftPart(UriPartial.Path).Should().Be($"{s3.Endpoint}/{Bucket}/runs/demo%20project%2B1/proj.tar.gz");
        var query = HttpUtility.ParseQueryString(url.Query);
        query["X-Amz-Expires"].Should().Be("3600");
        query["X-Amz-SignedHeaders"].Should().Be("host");
        query["X-Amz-Credential"].Should().StartWith(AccessKeyId + "/").And.EndWith("/us-east-1/s3/aws4_request");
        var signedAt = DateTime.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        run.Result.GetProperty("urlExpiresAt").GetString().Should().Be(signedAt.AddSeconds(3600).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        using var http = new HttpClient();
        using var response = await http.GetAsync(url, Cancellation);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var downloaded = await response.Content.ReadAsByteArrayAsync(Cancellation);
        Convert.ToHexStringLower(SHA256.HashData(downloaded)).Should().Be(archive.Sha256);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/gzip");
        response.Headers.GetValues("x-amz-meta-sha256").Should().Equal(archive.Sha256);
        ShouldNotLeak(run, SecretAccessKey);
    }

    [Fact]
    public async Task The_object_is_readable_only_with_the_url_s_signature()
    {
        var run = await UploadAsync(Secret(), WriteArchive(), Bucket, "proj.tar.gz", s3.Endpoint);
        run.ExitCode.Should().Be(0, run.ToString());
        var url = run.Result.GetProperty("url").GetString()!;
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync($"{s3.Endpoint}/{Bucket}/proj.tar.gz", Cancellation);
        var signature = HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Signature"]!;
        using var tampered = await http.GetAsync(url.Replace(signature, new string('0', signature.Length), StringComparison.Ordinal), Cancellation);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        tampered.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await tampered.Content.ReadAsStringAsync(Cancellation)).Should().Contain("SignatureDoesNotMatch");
    }

    [Fact]
    public async Task A_presigned_url_stops_working_when_it_expires()
    {
        var run = await UploadAsync(Secret(), WriteArchive(), Bucket, "short.tar.gz", s3.Endpoint, "--url-expires-seconds", "1");
        run.ExitCode.Should().Be(0, run.ToString());
        var expiresAt = DateTime.Parse(run.Result.GetProperty("urlExpiresAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        new Uri(run.Result.GetProperty("url").GetString()!).Query.Should().Contain("X-Amz-Expires=1&");

        // Waits for the clock, not for a guessed duration: the server and this test share the host's clock.
        while (DateTime.UtcNow <= expiresAt.AddSeconds(1))
        {
            await Task.Delay(200, Cancellation);
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync(run.Result.GetProperty("url").GetString(), Cancellation);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Cancellation)).Should().Contain("Request has expired");
    }

    [Fact]
    public async Task Temporary_credentials_sign_their_session_token_into_the_upload_and_the_url()
    {
        const string token = "FwoGZXIvYXdzEDYaDdynamoSESSIONtoken";

        var run = await UploadAsync(Secret(sessionToken: token), WriteArchive(), Bucket, "session.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(0, run.ToString());
        var url = run.Result.GetProperty("url").GetString()!;
        HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Security-Token"].Should().Be(token);
        run.Stderr.Should().NotContain(token);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url, Cancellation);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_OutputAuthFailed_naming_the_keys_and_S3s_code_without_the_secret()
    {
        const string wrong = "wrongSecretKeyThatMustNotLeak/123456789";

        var run = await UploadAsync(Secret(wrong), WriteArchive(), Bucket, "denied.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(30, run.ToString());
        run.Reason.Should().Be("OutputAuthFailed");
        run.Message.Should().Contain("SignatureDoesNotMatch").And.Contain("'accessKeyId'").And.Contain("'secretAccessKey'");
        ShouldNotLeak(run, wrong);
        File.Exists(s3.ObjectFile(Bucket, "denied.tar.gz")).Should().BeFalse();
    }

    [Fact]
    public async Task An_unknown_access_key_is_OutputAuthFailed()
    {
        var run = await UploadAsync(Secret(accessKeyId: "AKIAUNKNOWN00000000"), WriteArchive(), Bucket, "denied.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(30, run.ToString());
        run.Reason.Should().Be("OutputAuthFailed");
        run.Message.Should().Contain("InvalidAccessKeyId");
        ShouldNotLeak(run, SecretAccessKey);
    }

    [Fact]
    public async Task A_missing_bucket_is_OutputNotFound()
    {
        var run = await UploadAsync(Secret(), WriteArchive(), "no-such-bucket", "proj.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(33, run.ToString());
        run.Reason.Should().Be("OutputNotFound");
        run.Message.Should().Contain("no-such-bucket");
    }

    [Fact]
    public async Task A_closed_port_is_OutputUnreachable_naming_the_host()
    {
        var port = ClosedPort();

        var run = await UploadAsync(Secret(), WriteArchive(), Bucket, "proj.tar.gz", $"http://127.0.0.1:{port}");

        run.ExitCode.Should().Be(31, run.ToString());
        run.Reason.Should().Be("OutputUnreachable");
        run.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("egress allowlist");
    }

    [Theory]
    [InlineData("accessKeyId")]
    [InlineData("secretAccessKey")]
    public async Task A_missing_secret_key_is_InvalidArguments_naming_it(string missing)
    {
        var keys = new Dictionary<string, string> { ["accessKeyId"] = AccessKeyId, ["secretAccessKey"] = SecretAccessKey };
        keys.Remove(missing);

        var run = await UploadAsync(WriteSecret(keys), WriteArchive(), Bucket, "proj.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        run.Message.Should().Contain($"'{missing}'");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("604801")]
    public async Task A_url_lifetime_outside_one_second_to_a_week_is_InvalidArguments(string seconds)
    {
        var run = await UploadAsync(Secret(), WriteArchive(), Bucket, "proj.tar.gz", s3.Endpoint, "--url-expires-seconds", seconds);

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        File.Exists(s3.ObjectFile(Bucket, "proj.tar.gz")).Should().BeFalse();
    }

    [Fact]
    public async Task An_archive_with_another_digest_is_ArchiveDigestMismatch_and_nothing_is_uploaded()
    {
        var archive = WriteArchive();

        var run = await UploadAsync(Secret(), archive with { Sha256 = new string('a', 64) }, Bucket, "proj.tar.gz", s3.Endpoint);

        run.ExitCode.Should().Be(17, run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        File.Exists(s3.ObjectFile(Bucket, "proj.tar.gz")).Should().BeFalse();
    }
}
