"""Measuring bignoise against labelled data: the generator's truth and hand-labelled comments."""
