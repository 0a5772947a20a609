"""`.cruft.json`: the record cruft (https://github.com/cruft/cruft) keeps in a generated project, so the project can be
updated to a later revision of its template (by cruft itself or by `render --base-chunks`).

The format is cruft's `create`: {"template", "commit", "checkout", "context": {"cookiecutter": {...}}, "directory"} plus
"skip", dumped by cruft's json_dumps (indent 2, ensure_ascii False, a trailing newline). cruft's context is
cookiecutter's prompt_for_config result (public variables as rendered, private `_x` ones as in cookiecutter.json) with
`_template` and `_commit` added.
"""

import json
import logging
import os
import re
import shutil
from collections import OrderedDict

from .redact import redact

log = logging.getLogger("dynamo-generator")

FILE_NAME = ".cruft.json"
# Keys cookiecutter adds at generation time; cruft's context does not hold them.
_RUNTIME_KEYS = ("_template", "_commit", "_output_dir", "_repo_dir", "_checkout")
_URL_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]*@")


def template_url(url):
    """The template URL without credentials: user info of a URL is dropped (`https://token@host/x` is
    `https://host/x`; scp-like `git@host:x` has no secret and stays), known secrets are blanked."""
    return redact(_URL_USERINFO.sub(r"\1", url or ""))


def state(url, revision, ref, directory, raw, public):
    """cruft's state for a render: `raw` is the template's cookiecutter.json as the parent read it (private values come
    from there), `public` the final public variables the render used."""
    context = OrderedDict()
    for name, value in raw.items():
        if name.startswith("_"):
            if name not in _RUNTIME_KEYS:
                context[name] = value
        elif name in public:
            context[name] = public[name]
    context["_template"] = url
    context["_commit"] = revision
    return OrderedDict(
        [
            ("template", url),
            ("commit", revision),
            ("checkout", ref),
            ("context", OrderedDict([("cookiecutter", context)])),
            ("directory", directory),
            ("skip", []),
        ]
    )


def dumps(cruft_state):
    """cruft's own utils.cruft.json_dumps."""
    return json.dumps(cruft_state, ensure_ascii=False, indent=2, separators=(",", ": ")) + "\n"


def write(project_folder, cruft_state):
    """Writes <project>/.cruft.json, replacing whatever the template generated there (file, link or folder)."""
    path = os.path.join(project_folder, FILE_NAME)
    if os.path.lexists(path):
        log.info("the template generated its own %s; replacing it with the generator's record", FILE_NAME)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as handle:
        handle.write(dumps(cruft_state))
