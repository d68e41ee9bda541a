"""The programs behind a converted ML Studio (classic) pipeline's components, one module per classic module family.

Each runs as ``python -m studio_modules.<module> [--<port-slug> PATH]... [--<parameter-slug> VALUE]...`` with the
folder holding this package as its working directory. Datasets travel between components in the format
``tabular`` describes; ``columns`` reads the classic column picker; ``cli`` turns a module's classic ports and
parameters into options. Depends only on the standard library, pandas and scikit-learn.
"""
