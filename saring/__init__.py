"""saring — "saring sebelum sharing": answers "Fakta atau hoaks?" for Indonesian news.

Data flows one way: reader -> language -> archive -> answer -> channels.
"""

__version__ = "0.1.0"
