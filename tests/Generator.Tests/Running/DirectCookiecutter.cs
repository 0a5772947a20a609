using System.Diagnostics;

namespace DynamoMcp.Generator.Tests.Running;

/// <summary>Plain `cookiecutter --no-input` of a template folder: the reference the generator's output must equal.</summary>
public static class DirectCookiecutter
{
    public static async Task<string> RenderAsync(string template, string outputDirectory, IReadOnlyDictionary<string, string> variables)
    {
        Directory.CreateDirectory(outputDirectory);
        var start = new ProcessStartInfo(GeneratorProcess.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-m", "cookiecutter", "--no-input", "--output-dir", outputDirectory, template])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in variables)
        {
            start.ArgumentList.Add($"{name}={value}");
        }

        // Replay files and clones stay out of the real home folder.
        start.Environment["HOME"] = outputDirectory + ".home";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cookiecutter failed: {await stderr}{await stdout}");
        }

        return outputDirectory;
    }
}
