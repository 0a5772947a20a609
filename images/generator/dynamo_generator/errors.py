"""Failure reasons of the generator, each with its own exit code (the operator maps reasons to conditions)."""

EXIT_CODES = {
    "Internal": 1,
    "InvalidArguments": 2,
    "SourceUnreachable": 10,
    "RevisionNotFound": 11,
    "InvalidTemplate": 12,
    "InvalidVariables": 13,
    "HookFailed": 14,
    "OutputTooLarge": 15,
    "UnsafeOutput": 16,
    "ArchiveDigestMismatch": 17,
    "UnsafeArchive": 18,
    "ArchiveTooLarge": 19,
    "TemplateAborted": 20,
    "SnapshotTooLarge": 21,
    "NotUpdatable": 22,
    # `deliver`: the output (git repository or S3 bucket) the render result is written to.
    "OutputAuthFailed": 30,
    "OutputUnreachable": 31,
    "OutputRejected": 32,
    "OutputNotFound": 33,
}


class GeneratorError(Exception):
    """A failure a person can act on; `reason` is machine-readable, `message` says what to do."""

    def __init__(self, reason, message, problems=None):
        if reason not in EXIT_CODES:
            raise ValueError("unknown reason " + reason)
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.problems = problems or []

    @property
    def exit_code(self):
        return EXIT_CODES[self.reason]


def tampered(what):
    """TemplateAborted for what the child that ran the template's code answered and its stage cannot give."""
    return GeneratorError("TemplateAborted", f"the template's code answered {what}; a hook or Jinja extension tampered with the generator.")
