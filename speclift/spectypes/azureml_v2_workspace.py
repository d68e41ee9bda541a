"""Azure ML v2 workspace resources: computes, datastores, the workspace itself, connections and registries."""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType, merge

_AZ = "azureml/v2/"

_CONNECTION = {
    "target": 4,
    "url": 4,
    "api_key": 3,
    "api_base": 2,
    "azure_endpoint": 3,
    "endpoint": 1,
    "credentials": 1,
    "api_version": 2,
    "metadata": 1,
}
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

COMPUTES = (
    SpecType(
        _AZ + "aml-compute",
        "Azure ML compute cluster",
        schema_names=("amlcompute",),
        rules=(
            Rule(
                {"size": 1, "min_instances": 2, "max_instances": 2, "idle_time_before_scale_down": 2, "tier": 2},
                types=("amlcompute",),
                untyped=False,
            ),
        ),
    ),
    SpecType(
        _AZ + "compute-instance",
        "Azure ML compute instance",
        schema_names=("computeinstance",),
        rules=(Rule({"size": 1, "schedules": 1, "create_on_behalf_of": 2}, types=("computeinstance",), untyped=False),),
    ),
    SpecType(
        _AZ + "kubernetes-compute",
        "Azure ML Kubernetes compute",
        schema_names=("kubernetescompute",),
        rules=(
            Rule(
                {"namespace": 3, "resource_id": 3, "properties": 1, "identity": 1},
                types=("kubernetes",),
                untyped=False,
                words=("compute",),
            ),
        ),
    ),
    SpecType(
        _AZ + "virtual-machine-compute",
        "Azure ML attached virtual machine",
        schema_names=("vmcompute", "virtualmachinecompute"),
        rules=(Rule({"resource_id": 2, "ssh_settings": 2}, types=("virtualmachine",), untyped=False),),
    ),
    SpecType(
        _AZ + "synapse-spark-compute",
        "Azure ML attached Synapse Spark pool",
        schema_names=("synapsesparkcompute",),
        rules=(Rule({"resource_id": 2, "scale_settings": 1}, types=("synapsespark",), untyped=False),),
    ),
)

DATASTORES = (
    SpecType(
        _AZ + "azure-blob-datastore",
        "Azure ML Blob datastore",
        schema_names=("azureblob",),
        rules=(
            Rule(
                merge(_NOT_CONNECTION, account_name=1, container_name=1, protocol=1),
                types=("azure_blob",),
                untyped=False,
            ),
        ),
    ),
    SpecType(
        _AZ + "azure-file-datastore",
        "Azure ML file share datastore",
        schema_names=("azurefile",),
        rules=(Rule(merge(_NOT_CONNECTION, account_name=1, file_share_name=2), types=("azure_file",), untyped=False),),
    ),
    SpecType(
        _AZ + "azure-data-lake-gen1-datastore",
        "Azure ML Data Lake Gen1 datastore",
        schema_names=("azuredatalakegen1",),
        rules=(Rule(merge(_NOT_CONNECTION, store_name=2), types=("azure_data_lake_gen1",), untyped=False),),
    ),
    SpecType(
        _AZ + "azure-data-lake-gen2-datastore",
        "Azure ML Data Lake Gen2 datastore",
        schema_names=("azuredatalakegen2",),
        rules=(
            Rule(
                merge(_NOT_CONNECTION, account_name=1, filesystem=2),
                types=("azure_data_lake_gen2",),
                untyped=False,
            ),
        ),
    ),
    SpecType(
        _AZ + "onelake-datastore",
        "Azure ML OneLake datastore",
        schema_names=("onelake",),
        rules=(Rule(merge(_NOT_CONNECTION, artifact=2, one_lake_workspace_name=2), types=("one_lake",), untyped=False),),
    ),
)

_WORKSPACE = SpecType(
    _AZ + "workspace",
    "Azure ML workspace",
    schema_names=("workspace",),
    rules=(
        Rule(
            {
                "name": 1,
                "location": 3,
                "display_name": 1,
                "hbi_workspace": 4,
                "storage_account": 3,
                "key_vault": 3,
                "application_insights": 3,
                "container_registry": 2,
                "customer_managed_key": 3,
                "managed_network": 3,
                "hub_id": 4,
                "workspace_hub": 4,
                "kind=hub": 4,
                "kind=project": 4,
                "kind=default": 2,
                "primary_user_assigned_identity": 3,
                "image_build_compute": 3,
                "enable_data_isolation": 3,
                "system_datastores_auth_mode": 3,
                "serverless_compute": 3,
                "provision_network_now": 3,
                "allow_roleassignment_on_rg": 3,
                "default_resource_group": 3,
                "public_network_access": 1,
                "replication_locations": -5,
                "version": -3,
            },
            requires=("name",),
            words=("workspace",),
        ),
    ),
)

RECORDS = (
    *COMPUTES,
    *DATASTORES,
    _WORKSPACE,
    SpecType(
        _AZ + "connection",
        "Azure ML workspace connection",
        schema_names=("connection",),
        rules=(Rule(_CONNECTION, types=_CONNECTION_TYPES, untyped=False, any_type=True, words=("connection",)),),
    ),
    SpecType(
        _AZ + "registry",
        "Azure ML registry",
        schema_names=("registry",),
        rules=(
            Rule(
                {"replication_locations": 5, "intellectual_property": 3, "location": 1},
                requires=("replication_locations",),
                words=("registry",),
            ),
        ),
    ),
)
