using System.Diagnostics;
using DynamoMcp.Generator.Tests.Running;

namespace DynamoMcp.Generator.Tests;

/// <summary>The git Secret reaches git through GIT_ASKPASS: the helper answers each prompt from its file.</summary>
public sealed class GitSecretTests : GeneratorTestBase
{
    [Theory]
    [InlineData("Username for 'https://git.example.com': ", "deploy-bot")]
    [InlineData("Password for 'https://deploy-bot@git.example.com': ", "glpat-very-secret")]
    public async Task Askpass_answers_username_and_password_prompts_from_the_secret(string prompt, string expected)
    {
        var secret = Path.Combine(Temp, "git-secret");
        Directory.CreateDirectory(secret);
        File.WriteAllText(Path.Combine(secret, "username"), "deploy-bot");
        File.WriteAllText(Path.Combine(secret, "password"), "glpat-very-secret");
        var start = new ProcessStartInfo(Path.Combine(GeneratorProcess.RepositoryRoot, "images", "generator", "git-askpass.sh"), [prompt])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["DYNAMO_GIT_SECRET_DIR"] = secret;

        using var process = Process.Start(start)!;
        var answer = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.Should().Be(0);
        answer.Should().Be(expected);
    }
}
