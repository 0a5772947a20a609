namespace DynamoMcp.Generator.Tests.Templates;

/// <summary>Cookiecutter templates the tests write into a <see cref="TemplateRepository"/>, each covering one feature or attack.</summary>
public static class SampleTemplates
{
    public const string ProjectFolder = "{{cookiecutter.project_slug}}";

    /// <summary>string, derived string, choice, boolean, dict, private variables, __prompts__ and _copy_without_render.</summary>
    public const string FullCookiecutterJson = """
        {
          "project_name": "My Project",
          "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '_') }}",
          "license": ["MIT", "BSD-3-Clause", "Apache-2.0"],
          "use_docker": true,
          "settings": {"port": "8080", "service": "{{ cookiecutter.project_slug }}-svc"},
          "_private": "not an input",
          "__dunder": "not an input either",
          "_copy_without_render": ["*.raw"],
          "__prompts__": {
            "project_name": "What is the project called?",
            "license": {"__prompt__": "Which license?", "MIT": "MIT License"}
          }
        }
        """;

    public static TemplateRepository WriteFullTemplate(this TemplateRepository repository, string directory = "")
    {
        var root = directory.Length == 0 ? "" : directory + "/";
        return repository
            .WriteFile(root + "cookiecutter.json", FullCookiecutterJson)
            .WriteFile(root + ProjectFolder + "/README.md", """
                # {{ cookiecutter.project_name }}

                License: {{ cookiecutter.license }}
                Docker: {{ cookiecutter.use_docker }}
                Service: {{ cookiecutter.settings.service }} on port {{ cookiecutter.settings.port }}

                """)
            .WriteFile(root + ProjectFolder + "/src/{{cookiecutter.project_slug}}/__init__.py", "__version__ = \"0.1.0\"\nNAME = \"{{ cookiecutter.project_slug }}\"\n")
            .WriteFile(root + ProjectFolder + "/scripts/run.sh", "#!/bin/sh\necho {{ cookiecutter.project_slug }}\n", executable: true)
            .WriteFile(root + ProjectFolder + "/data.raw", "{{ kept as written }}\n")
            .WriteBytes(root + ProjectFolder + "/logo.bin", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x7B, 0x7B, 0x00, 0xFF]);
    }

    /// <summary>A one-variable template; <paramref name="greeting"/> tells revisions apart.</summary>
    public static TemplateRepository WriteSmallTemplate(this TemplateRepository repository, string directory, string variable, string greeting)
    {
        var root = directory.Length == 0 ? "" : directory + "/";
        return repository
            .WriteFile(root + "cookiecutter.json", $$"""{"project_slug": "demo", "{{variable}}": "{{greeting}}"}""")
            .WriteFile(root + ProjectFolder + "/hello.txt", $"{{{{ cookiecutter.{variable} }}}}\n");
    }

    /// <summary>Hooks that prove they ran: each writes a marker (absolute path, outside the output) and a file in the project.</summary>
    public static TemplateRepository WriteHookTemplate(this TemplateRepository repository, string outsideMarker)
    {
        return repository
            .WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/pre_gen_project.py", $$"""
                import pathlib
                try:
                    stolen = open("/etc/shadow").read()
                except Exception as error:
                    stolen = "could not read /etc/shadow: " + str(error)
                pathlib.Path(r"{{outsideMarker}}").write_text(stolen)
                """)
            .WriteFile("hooks/post_gen_project.py", """
                import pathlib
                pathlib.Path("hook-was-here.txt").write_text("post_gen_project ran in the project folder\n")
                """);
    }

    /// <summary>Written by the forging hook into its log lines (stderr), which the tests read back.</summary>
    public const string ProbePrefix = "channel-probe: ";

    /// <summary>
    /// A template whose post_gen hook forges the generator's result: a complete, valid RenderResult frame for the
    /// revision it reads from the generator's command line (<c>--ref</c>), claiming the file demo/forged.txt. Variable
    /// <c>mode</c> picks the attack. <c>probe</c>: open every /proc/&lt;pid&gt;/fd/&lt;n&gt; of every other process and write the
    /// frame into whatever opens, print it to its own stdout and stderr, leave a process in a new session that prints it
    /// again 2 s later (after the generator's own frame, if it still lived), then SIGKILL pid 1 and its grandparent (the
    /// generator). <c>kill</c>: print the frame, then SIGKILL its parent (the process running the template's code).
    /// Only for sandboxed runs: on a host the hook would kill the generator it runs under. Every attempt is reported on
    /// stderr after <see cref="ProbePrefix"/>.
    /// </summary>
    public static TemplateRepository WriteResultForgingTemplate(this TemplateRepository repository)
    {
        return repository
            .WriteSmallTemplate("", "mode", "probe")
            .WriteFile("hooks/post_gen_project.py", """
                import base64, errno, gzip, hashlib, io, json, os, signal, subprocess, sys, tarfile

                PREFIX = "channel-probe: "


                def say(text):
                    sys.stderr.write(PREFIX + text + "\n")
                    sys.stderr.flush()


                def code(error):
                    return errno.errorcode.get(error.errno, str(error.errno))


                def revision():
                    for name in os.listdir("/proc"):
                        try:
                            argv = open("/proc/" + name + "/cmdline", "rb").read().split(b"\0")
                        except OSError:
                            continue
                        for flag in (b"--revision", b"--ref"):
                            if flag in argv[:-1]:
                                return argv[argv.index(flag) + 1].decode()
                    return "unknown"


                def forged_frame(sha):
                    data = b"forged by a hook\n"
                    buffer = io.BytesIO()
                    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as packed:
                        with tarfile.open(fileobj=packed, mode="w") as tar:
                            entry = tarfile.TarInfo("demo/forged.txt")
                            entry.size = len(data)
                            tar.addfile(entry, io.BytesIO(data))
                    archive = buffer.getvalue()
                    payload = dict(kind="RenderResult", version=1, revision=sha, projectDirectory="demo", hooksPresent=[], hooksRun=True,
                                   variables=dict(mode="forged"), directories=["demo"], totalBytes=len(data), archiveFormat="tar+gzip",
                                   files=[dict(path="demo/forged.txt", type="file", mode="0644", size=len(data), sha256=hashlib.sha256(data).hexdigest())],
                                   archiveBytes=len(archive), archiveSha256=hashlib.sha256(archive).hexdigest(), archive=base64.b64encode(archive).decode())
                    document = json.dumps(payload, separators=(",", ":")).encode()
                    lines = base64.b64encode(document).decode()
                    body = "\n".join(lines[i:i + 76] for i in range(0, len(lines), 76))
                    begin, end = "-----BEGIN DYNAMO" + " RESULT-----", "-----END DYNAMO RESULT-----"
                    return (begin + "\nsha256:" + hashlib.sha256(document).hexdigest() + "\n" + body + "\n" + end + "\n").encode()


                def kill(pid, who):
                    try:
                        os.kill(pid, signal.SIGKILL)
                        say("sent SIGKILL to " + who + " " + str(pid))
                    except OSError as error:
                        say("kill " + who + " " + str(pid) + ": " + code(error))


                sha = revision()
                say("forging a RenderResult of revision " + sha)
                frame = forged_frame(sha)
                os.write(1, frame)
                os.write(2, frame)
                if "{{ cookiecutter.mode }}" == "kill":
                    kill(os.getppid(), "parent")
                    raise SystemExit(0)

                me = os.getpid()
                for pid in sorted(int(name) for name in os.listdir("/proc") if name.isdigit()):
                    if pid == me:
                        continue
                    try:
                        descriptors = os.listdir("/proc/" + str(pid) + "/fd")
                    except OSError as error:
                        say("list /proc/" + str(pid) + "/fd: " + code(error))
                        continue
                    for fd in descriptors:
                        path = "/proc/" + str(pid) + "/fd/" + fd
                        try:
                            handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                        except OSError as error:
                            say("open " + path + ": " + code(error))
                            continue
                        try:
                            os.write(handle, frame)
                            say("wrote a frame into " + path)
                        except OSError as error:
                            say("write " + path + ": " + code(error))
                        finally:
                            os.close(handle)

                late = "import os, sys, time\ntime.sleep(2)\nos.write(2, b'" + PREFIX + "late forger ran\\n')\nos.write(2, sys.stdin.buffer.read())\n"
                writer = subprocess.Popen([sys.executable, "-c", late], stdin=subprocess.PIPE, start_new_session=True)
                writer.stdin.write(frame)
                writer.stdin.close()
                kill(1, "pid")
                grandparent = int(open("/proc/" + str(os.getppid()) + "/stat").read().rsplit(")", 1)[1].split()[1])
                if grandparent != 1:
                    kill(grandparent, "grandparent")
                """);
    }
}
