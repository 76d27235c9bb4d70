"""The bottom text layer: tokens, folding, stems and stop words, shared by every other layer.

It imports nothing from saring; reader, language, archive, answer and channels import it.
"""
