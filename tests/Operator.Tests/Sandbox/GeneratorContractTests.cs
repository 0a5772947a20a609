using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Sandbox;

/// <summary>
/// The C# side of the generator contract (<see cref="GeneratorContract"/>, <see cref="GeneratorReasons"/>,
/// <see cref="SandboxResultFrame"/>) against the Python it describes: the error table, the protocol version and the
/// frame encoder of images/generator, imported by /usr/bin/python3 without cookiecutter, git or bubblewrap.
/// </summary>
public sealed partial class GeneratorContractTests
{
    private const string Python = "/usr/bin/python3";

    // Reads a JSON document (payloads to frame) on stdin, prints what the generator package defines.
    private const string Script = """
        import base64, json, sys
        sys.dont_write_bytecode = True
        sys.path.insert(0, sys.argv[1])
        from collections import OrderedDict
        from dynamo_generator import PROTOCOL_VERSION
        from dynamo_generator.errors import EXIT_CODES
        from dynamo_generator import frame
        payloads = json.loads(sys.stdin.read(), object_pairs_hook=OrderedDict)
        documents = [json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for p in payloads]
        print(json.dumps({
            "protocolVersion": PROTOCOL_VERSION,
            "exitCodes": EXIT_CODES,
            "begin": frame.BEGIN,
            "end": frame.END,
            "lineWidth": frame.LINE_WIDTH,
            "frames": [frame.encode_frame(p) for p in payloads],
            "documents": [base64.b64encode(d).decode("ascii") for d in documents],
            "heavyModules": sorted(m for m in sys.modules if m.split(".")[0] in ("cookiecutter", "jinja2", "git")),
        }))
        """;

    // Printable text of every kind the payloads carry: escapes, slashes, HTML-ish characters, non-ASCII, long enough to wrap.
    private static JsonObject Plain() => new()
    {
        ["kind"] = "RenderResult",
        ["version"] = GeneratorContract.ProtocolVersion,
        ["message"] = "quote \" backslash \\ slash / tab \t newline \n <html> & 'x' + café 日本語",
        ["files"] = new JsonArray(new JsonObject { ["path"] = "src/app/__init__.py", ["size"] = 12345, ["executable"] = true, ["target"] = null }),
        ["archive"] = Convert.ToBase64String(Enumerable.Range(0, 500).Select(i => (byte)i).ToArray()),
    };

    // What C# and Python escape differently (emoji, C0/C1 controls): the frame still reads the same.
    private static JsonObject Exotic() => new()
    {
        ["kind"] = "Error",
        ["version"] = GeneratorContract.ProtocolVersion,
        ["reason"] = "InvalidVariables",
        ["message"] = "emoji 🚀, control \u0001\u001b, C1 \u0085, separators \u2028\u2029",
        ["exitCode"] = 13,
    };

    private static PythonContract Contract { get; } = RunPython([Plain(), Exotic()]);

    [Fact]
    public void The_generator_package_is_read_without_cookiecutter_or_jinja()
    {
        Contract.HeavyModules.Should().BeEmpty("frame.py and errors.py must stay importable without the template machinery");
    }

    [Fact]
    public void Both_sides_speak_the_same_protocol_version()
    {
        Contract.ProtocolVersion.Should().Be(GeneratorContract.ProtocolVersion);
    }

    [Fact]
    public void The_generator_reasons_and_exit_codes_are_the_same_both_ways()
    {
        var csharp = GeneratorReasons.All.Where(r => r.IsGenerators).ToDictionary(r => r.Name, r => r.ExitCode!.Value);

        csharp.Should().Equal(Contract.ExitCodes);
        GeneratorReasons.All.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        GeneratorReasons.All.Where(r => r.ExitCode is not null).Select(r => r.ExitCode).Should().OnlyHaveUniqueItems();
        foreach (var (reason, code) in Contract.ExitCodes)
        {
            GeneratorReasons.ForExitCode(code)!.Name.Should().Be(reason);
        }
    }

    [Fact]
    public void The_readme_documents_the_same_exit_codes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "images", "generator", "README.md"));
        var documented = ExitCodeRow().Matches(readme).ToDictionary(m => m.Groups["reason"].Value, m => int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture));

        documented.Should().Equal(Contract.ExitCodes);
    }

    [Fact]
    public void The_frame_markers_and_line_width_are_the_same()
    {
        Contract.Begin.Should().Be(GeneratorContract.FrameBegin);
        Contract.End.Should().Be(GeneratorContract.FrameEnd);
        Contract.LineWidth.Should().Be(GeneratorContract.Base64LineWidth);
    }

    [Fact]
    public void A_frame_the_generator_encodes_reads_back_with_the_operators_reader()
    {
        foreach (var (payload, frame) in new[] { Plain(), Exotic() }.Zip(Contract.Frames))
        {
            var read = SandboxResultFrame.Read("generator log on stderr\n" + frame);

            read.Problem.Should().Be(SandboxResultProblem.None, read.Error);
            JsonNode.DeepEquals(read.Payload, payload).Should().BeTrue($"{read.Payload?.ToJsonString()} was {payload.ToJsonString()}");
        }
    }

    [Fact]
    public void A_frame_the_operator_encodes_is_byte_for_byte_the_generators()
    {
        Encoding.UTF8.GetBytes(SandboxResultFrame.Encode(Plain())).Should().Equal(Encoding.UTF8.GetBytes(Contract.Frames[0]));
        foreach (var (document, frame) in Contract.Documents.Zip(Contract.Frames))
        {
            SandboxResultFrame.EncodeDocument(Convert.FromBase64String(document)).Should().Be(frame);
        }
    }

    [GeneratedRegex(@"^\| (?<code>\d+) \| (?<reason>[A-Za-z]+) \|", RegexOptions.Multiline)]
    private static partial Regex ExitCodeRow();

    private static PythonContract RunPython(JsonObject[] payloads)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "images", "generator"));
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        process.StandardInput.Write(new JsonArray(payloads.Select(p => (JsonNode?)p.DeepClone()).ToArray()).ToJsonString());
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} failed ({process.ExitCode}): {stderr.Result}");
        }

        return JsonSerializer.Deserialize<PythonContract>(stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record PythonContract(
        int ProtocolVersion,
        Dictionary<string, int> ExitCodes,
        string Begin,
        string End,
        int LineWidth,
        List<string> Frames,
        List<string> Documents,
        List<string> HeavyModules);
}
