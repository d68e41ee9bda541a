"""Azure ML v2 workspace resources: computes, datastores, the workspace itself, connections and registries."""

from __future__ import annotations

from collections.abc import Mapping

from speclift.spectypes.record import Rule, SpecType, azureml_v2, merge, weights

_CONNECTION = weights(
    {
        4: ("target", "url"),
        3: ("api_key", "azure_endpoint"),
        2: ("api_base", "api_version"),
        1: ("endpoint", "credentials", "metadata"),
    }
)
_NOT_CONNECTION = {"url": -4, "target": -4, "api_key": -4, "azure_endpoint": -4}  # what a datastore never has
_CONNECTION_TYPES = (
    "git",
    "container_registry",
    "python_feed",
    "s3",
    "snowflake",
    "azure_sql_db",
    "azure_synapse_analytics",
    "azure_my_sql_db",
    "azure_postgres_db",
    "custom",
    "custom_keys",
    "azure_data_lake_gen2",
    "azure_blob",
    "azure_one_lake",
    "azure_open_ai",
    "azure_ai_services",
    "azure_ai_search",
    "azure_content_safety",
    "azure_speech_services",
    "api_key",
    "open_ai",
    "serp",
    "serverless",
    "cognitive_search",
    "cognitive_service",
)


def _compute(
    name: str, title: str, kind: str, signs: Mapping[str, int], *, schema: tuple[str, ...] = (), words: tuple[str, ...] = ()
) -> SpecType:
    """A compute of `type: <kind>` (which it always states)."""
    return azureml_v2(name, title, Rule(signs, types=(kind,), untyped=False, words=words), schema=schema)


def _datastore(name: str, title: str, kind: str, signs: Mapping[str, int]) -> SpecType:
    """A datastore of `type: <kind>` (which it always states), id ``<name>-datastore``, `$schema` ``<name>`` without
    dashes (``azure-blob``: ``azureblob.schema.json``)."""
    rule = Rule(merge(_NOT_CONNECTION, signs), types=(kind,), untyped=False)
    return azureml_v2(f"{name}-datastore", title, rule, schema=(name.replace("-", ""),))


_AML_COMPUTE = {"size": 1, "min_instances": 2, "max_instances": 2, "idle_time_before_scale_down": 2, "tier": 2}

COMPUTES = (
    _compute("aml-compute", "Azure ML compute cluster", "amlcompute", _AML_COMPUTE),
    _compute(
        "compute-instance", "Azure ML compute instance", "computeinstance", {"size": 1, "schedules": 1, "create_on_behalf_of": 2}
    ),
    _compute(
        "kubernetes-compute",
        "Azure ML Kubernetes compute",
        "kubernetes",
        {"namespace": 3, "resource_id": 3, "properties": 1, "identity": 1},
        words=("compute",),
    ),
    _compute(
        "virtual-machine-compute",
        "Azure ML attached virtual machine",
        "virtualmachine",
        {"resource_id": 2, "ssh_settings": 2},
        schema=("vmcompute", "virtualmachinecompute"),
    ),
    _compute(
        "synapse-spark-compute", "Azure ML attached Synapse Spark pool", "synapsespark", {"resource_id": 2, "scale_settings": 1}
    ),
)

DATASTORES = (
    _datastore("azure-blob", "Azure ML Blob datastore", "azure_blob", {"account_name": 1, "container_name": 1, "protocol": 1}),
    _datastore("azure-file", "Azure ML file share datastore", "azure_file", {"account_name": 1, "file_share_name": 2}),
    _datastore("azure-data-lake-gen1", "Azure ML Data Lake Gen1 datastore", "azure_data_lake_gen1", {"store_name": 2}),
    _datastore(
        "azure-data-lake-gen2", "Azure ML Data Lake Gen2 datastore", "azure_data_lake_gen2", {"account_name": 1, "filesystem": 2}
    ),
    _datastore("onelake", "Azure ML OneLake datastore", "one_lake", {"artifact": 2, "one_lake_workspace_name": 2}),
)

_WORKSPACE = weights(
    {
        4: ("hbi_workspace", "hub_id", "workspace_hub", "kind=hub", "kind=project"),
        3: (
            "location",
            "storage_account",
            "key_vault",
            "application_insights",
            "customer_managed_key",
            "managed_network",
            "primary_user_assigned_identity",
            "image_build_compute",
            "enable_data_isolation",
            "system_datastores_auth_mode",
            "serverless_compute",
            "provision_network_now",
            "allow_roleassignment_on_rg",
            "default_resource_group",
        ),
        2: ("container_registry", "kind=default"),
        1: ("name", "display_name", "public_network_access"),
        -3: ("version",),  # an asset's, never a workspace's
        -5: ("replication_locations",),  # a registry's, never a workspace's
    }
)
_REGISTRY = {"replication_locations": 5, "intellectual_property": 3, "location": 1}

RECORDS = (
    *COMPUTES,
    *DATASTORES,
    azureml_v2("workspace", "Azure ML workspace", Rule(_WORKSPACE, requires=("name",), words=("workspace",))),
    azureml_v2(
        "connection",
        "Azure ML workspace connection",
        Rule(_CONNECTION, types=_CONNECTION_TYPES, untyped=False, any_type=True, words=("connection",)),
    ),
    azureml_v2("registry", "Azure ML registry", Rule(_REGISTRY, requires=("replication_locations",), words=("registry",))),
)
