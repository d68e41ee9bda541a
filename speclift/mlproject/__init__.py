"""MLflow Projects (``MLproject`` files) as MLflow 3.18 reads them: the project model (:mod:`.model`) and the
command template (:mod:`.command`), shared by validation, the converters and the conformance stage."""
