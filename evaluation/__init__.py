"""Measuring bignoise against labelled data: the generator's truth and hand-labelled comments."""


class EvaluationInputError(ValueError):
    """A labels file, truth folder or release that is missing or malformed (the CLI exits 2)."""
