"""The ML Studio (classic) converter: experiment graphs (Export-AmlExperimentGraph's JSON) to an Azure ML v2 pipeline
job with one command component per module.

``runtime/studio_modules/`` is the component runtime: a plain Python package that speclift never imports. A conversion
copies its files verbatim into the output's ``code/studio_modules/``, where each component runs
``python -m studio_modules.<module>``. ``catalogue/`` records, per classic module family, what the converter generates.
"""
